import type { ComposeOptions } from '../compose/index.ts';
import { loadTemplate, type Template } from '../compose/template.ts';
import { deliver } from '../deliver/index.ts';
import {
  asBriefsmithError,
  type BriefsmithError,
  DeliveryError,
  DiagnosticBag,
} from '../diagnostics.ts';
import { type Io, nodeIo } from '../io.ts';
import { type RenderOptions, runPipeline } from '../pipeline.ts';
import type { Article, Diagnostic } from '../types.ts';

/** One article to build into one file: plain data, so it can cross to a worker thread. */
export interface BriefJob {
  article: Article;
  path: string;
  template: { nameOrPath: string; dirs: string[] };
  compose: Omit<ComposeOptions, 'date'> & { date: string };
  render: RenderOptions;
}

export interface BriefJobResult {
  path: string;
  diagnostics: Diagnostic[];
  /**
   * Set when the brief could not be built; the exit code the failure maps to, and whether
   * the system refused to write the file (`outputRefused`): the next brief would fare no better.
   */
  failure?: { diagnostic: Diagnostic; exitCode: number; refused?: boolean };
}

/**
 * Whether an error is the system refusing to write a brief in its folder — permissions,
 * a read-only or full disk, a parent that is a file — which every other brief of the batch
 * would meet too. A path that is a folder (EISDIR) concerns that one brief.
 */
export function outputRefused(error: BriefsmithError): boolean {
  const code = (error.cause as NodeJS.ErrnoException | undefined)?.code;
  return (
    error instanceof DeliveryError &&
    error.code === 'write-failed' &&
    typeof code === 'string' &&
    code !== 'EISDIR'
  );
}

/** Templates are parsed once per thread, not once per brief. */
const templates = new Map<string, Promise<Template>>();

function template(job: BriefJob): Promise<Template> {
  const key = JSON.stringify(job.template);
  let t = templates.get(key);
  if (!t) {
    t = loadTemplate(job.template.nameOrPath, job.template.dirs);
    templates.set(key, t);
  }
  return t;
}

/** Names the input (and JSONL record line) in an error that does not already point somewhere. */
function located(error: BriefsmithError, article: Article): Diagnostic {
  const d = error.toDiagnostic();
  if (d.file !== undefined) return d;
  return {
    ...d,
    file: article.origin.path,
    ...(article.origin.record === null ? {} : { span: { line: article.origin.record, column: 1 } }),
  };
}

/**
 * Builds one brief and writes it atomically through `io` (the command's own in this thread;
 * a worker thread has the real file system). Never throws for an expected failure: the
 * failure comes back as a value, so a batch goes on past it.
 */
export async function runBriefJob(job: BriefJob, io: Io = nodeIo()): Promise<BriefJobResult> {
  const bag = new DiagnosticBag();
  try {
    const options = { ...job.compose, date: new Date(job.compose.date) };
    const { pdf } = await runPipeline(
      job.article,
      await template(job),
      options,
      bag,
      'pdf',
      job.render,
    );
    await deliver(io, { kind: 'file', path: job.path }, pdf ?? new Uint8Array());
    return { path: job.path, diagnostics: bag.items };
  } catch (error) {
    return failedJob(job, error, bag.items);
  }
}

/** A job that failed: the error, located at the job's input, as a result the batch reports. */
export function failedJob(
  job: Pick<BriefJob, 'path' | 'article'>,
  error: unknown,
  diagnostics: Diagnostic[] = [],
): BriefJobResult {
  const e = asBriefsmithError(error);
  return {
    path: job.path,
    diagnostics,
    failure: {
      diagnostic: located(e, job.article),
      exitCode: e.exitCode,
      ...(outputRefused(e) ? { refused: true } : {}),
    },
  };
}

export default runBriefJob;
