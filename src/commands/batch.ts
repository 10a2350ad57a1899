import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { packagePath } from '../paths.ts';
import type { BriefJob, BriefJobResult } from './brief-job.ts';

export interface BatchProgress {
  done: number;
  total: number;
  failed: number;
}

/** The default `--jobs`: one worker per core. */
export function defaultJobs(): number {
  return availableParallelism();
}

/**
 * Where the worker code is: the bundle when running from dist/, the TypeScript source
 * (through tsx's loader) when running from src/.
 */
function workerFile(): string {
  const file = import.meta.url.endsWith('.ts')
    ? 'src/commands/brief-job-tsx.mjs'
    : 'dist/brief-job.js';
  return pathToFileURL(packagePath(file)).href;
}

/**
 * Runs brief jobs: in this thread for one job or `jobs: 1`, otherwise on a pool of worker
 * threads. Results come back in job order; PDFs never travel back (workers write them), so
 * memory stays flat however many briefs a batch has.
 */
export async function runBatch(
  jobs: readonly BriefJob[],
  threads: number,
  onProgress: (p: BatchProgress) => void = () => {},
): Promise<BriefJobResult[]> {
  const progress: BatchProgress = { done: 0, total: jobs.length, failed: 0 };
  const settle = (r: BriefJobResult) => {
    progress.done++;
    if (r.failure) progress.failed++;
    onProgress({ ...progress });
    return r;
  };
  if (threads <= 1 || jobs.length <= 1) {
    const { runBriefJob } = await import('./brief-job.ts');
    const results: BriefJobResult[] = [];
    for (const job of jobs) results.push(settle(await runBriefJob(job)));
    return results;
  }
  const { Piscina } = await import('piscina');
  const pool = new Piscina({
    filename: workerFile(),
    minThreads: Math.min(threads, jobs.length),
    maxThreads: Math.min(threads, jobs.length),
    // Bounded queue: jobs wait in this thread, not in memory handed to workers.
    concurrentTasksPerWorker: 1,
  });
  try {
    return await Promise.all(
      jobs.map((job) => pool.run(job).then((r: BriefJobResult) => settle(r))),
    );
  } finally {
    await pool.destroy();
  }
}
