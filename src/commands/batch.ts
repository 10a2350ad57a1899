import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import type { Io } from '../io.ts';
import { packagePath } from '../paths.ts';
import { keepBriefObjectsYoung } from '../render/v8-tuning.ts';
import { type BriefJob, type BriefJobResult, failedJob } from './brief-job.ts';

export interface BatchProgress {
  done: number;
  total: number;
  failed: number;
}

/** The default `--jobs`: one worker per core. */
export function defaultJobs(): number {
  return availableParallelism();
}

/** What workers cost and gain, measured on 2 cores: see `minBriefsForWorkers`. */
const WORKERS_START_MS = 1100;
const BRIEF_MS_HERE = 26;
const BRIEF_MS_ON_A_WORKER = 36;

/**
 * The smallest batch that `threads` worker threads build sooner than this thread (when
 * `--jobs` is not given); `Infinity` for one thread. Workers start cold: each loads the
 * renderer and parses the fonts (~0.4 s), then runs its first briefs in unoptimised code
 * over font tables it decodes as it goes (its first brief ~0.7 s, the next dozens 2–3× the
 * steady time). This thread starts warm, from the startup snapshot. Measured with VOA
 * stories, batches of 60–300 with `-j 1` and `-j 2`: this thread takes ~26 ms a brief over
 * a batch, a worker ~36 ms (two threads slow each other), and the workers' briefs start
 * ~1.1 s later. So W workers gain (26 − 36 / W) ms a brief: 138 briefs repay their start
 * on 2 cores, 65 on 4 (in this model; measured on 2 cores: even at 130–160).
 */
export function minBriefsForWorkers(threads: number): number {
  const gain = BRIEF_MS_HERE - BRIEF_MS_ON_A_WORKER / threads;
  return threads > 1 && gain > 0 ? Math.ceil(WORKERS_START_MS / gain) : Infinity;
}

/**
 * Where the worker code is: the bundle when running from dist/, the TypeScript source
 * (through tsx's loader) when running from src/.
 */
function workerFile(): string {
  const file = import.meta.url.endsWith('.ts')
    ? 'src/commands/brief-worker-tsx.mjs'
    : 'dist/brief-worker.js';
  return pathToFileURL(packagePath(file)).href;
}

/** Worker threads for a batch. */
export interface Workers {
  threads: number;
  run(job: BriefJob): Promise<BriefJobResult>;
  destroy(): Promise<void>;
}

/**
 * Starts the worker threads (piscina). They load pdfmake and the fonts as they start, so a
 * pool started before the inputs are read is warm by the time the first job comes.
 */
export async function startWorkers(threads: number): Promise<Workers> {
  const { Piscina } = await import('piscina');
  // Set here, before the threads start: they share the process's V8 flags.
  keepBriefObjectsYoung();
  const pool = new Piscina({
    filename: workerFile(),
    minThreads: threads,
    maxThreads: threads,
    // Bounded queue: jobs wait in this thread, not in memory handed to workers.
    concurrentTasksPerWorker: 1,
    // A young generation of up to 3 × 32 MB (V8's default stops at 3 × 16 MB): a brief
    // allocates ~8–14 MB, so more of its objects die young instead of being promoted and
    // waiting for a full collection. 1,000 briefs: ~5 % faster, a lower peak.
    resourceLimits: { maxYoungGenerationSizeMb: 96 },
  });
  // A worker that cannot start (its module failing to load) is an 'error' event on the
  // pool: without a listener it would end the process. Jobs report it instead.
  let broken: Error | undefined;
  pool.on('error', (error: Error) => {
    broken = error;
  });
  return {
    threads,
    run: (job) => (broken ? Promise.reject(broken) : pool.run(job)),
    destroy: () => pool.destroy(),
  };
}

/** A list's items in order, each dropped from the list (its article let go) as it is handed out. */
export async function* handedOut<T>(list: (T | undefined)[]): AsyncGenerator<T> {
  for (let i = 0; i < list.length; i++) {
    const item = list[i] as T;
    list[i] = undefined;
    yield item;
  }
}

/** Jobs handed to each worker at a time: one running, one waiting so the worker never idles. */
const JOBS_PER_WORKER = 2;

/** How `runBatch` runs its jobs, and whom it tells. */
export interface BatchOptions {
  onProgress?: (p: BatchProgress) => void;
  /**
   * Each result as it comes, with its job's index (results can come out of job order). A
   * batch given this returns no results: a long batch would hold them all.
   */
  onResult?: (result: BriefJobResult, index: number) => void;
  /** Asked before each job is taken: true stops the batch there (the jobs running finish). */
  stop?: () => boolean;
  /** Workers already started (left running for the caller to destroy). */
  workers?: Workers;
  /** Where a brief built in this thread is written; the real file system by default. */
  io?: Io;
  /** The number of jobs, for progress, when `jobs` is an iterable that does not say. */
  total?: number;
}

/**
 * Runs brief jobs: on `options.workers` when they were started; otherwise in this thread
 * for one job or `threads: 1`, else on new worker threads. Without `onResult`, the results
 * come back in job order.
 * Memory stays flat however many briefs a batch has: PDFs never travel back (workers write
 * them), the pool is handed a few jobs at a time, and the jobs are taken one at a time —
 * from an iterable as the pool asks for them (a feed read as the batch goes), or from a
 * list, dropping each job (its article) from it once handed out.
 */
export async function runBatch(
  jobs: (BriefJob | undefined)[] | AsyncIterable<BriefJob>,
  threads: number,
  options: BatchOptions = {},
): Promise<BriefJobResult[]> {
  const { onProgress = () => {}, onResult, stop = () => false, workers, io } = options;
  const list = Array.isArray(jobs) ? jobs : null;
  const progress: BatchProgress = { done: 0, total: list?.length ?? options.total ?? 0, failed: 0 };
  const settle = (r: BriefJobResult, i: number) => {
    progress.done++;
    if (r.failure) progress.failed++;
    if (onResult) onResult(r, i);
    else results[i] = r;
    onProgress({ ...progress });
  };
  // Several job streams take from one iterator: an async generator queues their calls, so
  // each gets the next job.
  const iterator = (list ? handedOut(list) : (jobs as AsyncIterable<BriefJob>))[
    Symbol.asyncIterator
  ]();
  let taken = 0;
  const results: BriefJobResult[] = [];
  /** One job stream: the next job as soon as the one before is done. */
  const stream = async (run: (job: BriefJob) => Promise<BriefJobResult>) => {
    while (!stop()) {
      const next = await iterator.next();
      if (next.done) break;
      const i = taken++;
      settle(await run(next.value), i);
    }
  };
  // A stopped batch lets go of the jobs it did not take (a feed being read closes).
  const close = async () => {
    if (stop()) await iterator.return?.();
  };
  if (!workers && (threads <= 1 || (list && list.length <= 1))) {
    const { runBriefJob } = await import('./brief-job.ts');
    await stream((job) => runBriefJob(job, io));
    await close();
    return results;
  }
  const pool = workers ?? (await startWorkers(Math.min(threads, list?.length ?? threads)));
  // A worker that dies (out of memory, a crash) fails its job, not the batch.
  const onPool = (job: BriefJob) => pool.run(job).catch((error: unknown) => failedJob(job, error));
  try {
    const streams = Math.min(list?.length ?? Infinity, pool.threads * JOBS_PER_WORKER);
    // Jobs made as they are asked for can fail to be made: the other streams then find no
    // next job (a generator that threw is done), and their briefs end before this throws.
    const ended = await Promise.allSettled(Array.from({ length: streams }, () => stream(onPool)));
    const failure = ended.find((e) => e.status === 'rejected');
    if (failure) throw failure.reason;
    await close();
    return results;
  } finally {
    if (!workers) await pool.destroy();
  }
}
