import { relative } from 'node:path';
import { loadTemplate } from '../compose/template.ts';
import { deliver, planDestinations, slugify } from '../deliver/index.ts';
import { BriefsmithError, DiagnosticBag, InternalError } from '../diagnostics.ts';
import type { Io } from '../io.ts';
import { runPipeline } from '../pipeline.ts';
import type { Stage } from '../pipeline-stages.ts';
import { docDefinitionJson } from '../render/document.ts';
import type { AnalystInput, Article } from '../types.ts';
import { loadArticles, parseSets, readSummaryFile, resolveDate } from './common.ts';

export interface BuildArgs {
  inputs: string[];
  output?: string;
  template: string;
  templatesDir: string[];
  classification?: string;
  tlp?: string;
  set: string[];
  summary?: string;
  emit?: Stage;
  date?: string;
  from?: string;
  keepClutter: boolean;
  maxInput?: number;
  portionMarks?: boolean;
  /** `--no-map` sets this to false. */
  map: boolean;
  pdfa: boolean;
  watermark?: string;
  quiet: boolean;
}

export interface CommandResult {
  diagnostics: DiagnosticBag;
  /** Set when some inputs failed but the rest were built: the exit code of the worst failure. */
  exitCode: number;
}

function errorDiagnostic(error: unknown): BriefsmithError {
  if (error instanceof BriefsmithError) return error;
  return new InternalError(
    'internal',
    `unexpected error: ${(error as Error)?.message ?? String(error)}`,
    {
      hint: 'this is a bug in Briefsmith; please report it with the input that caused it (run with --debug for a trace)',
      cause: error,
    },
  );
}

/** Prints a stage's output for `--emit`. */
function emit(io: Io, stage: Stage, products: Awaited<ReturnType<typeof runPipeline>>): void {
  switch (stage) {
    case 'article':
      io.stdout.write(`${JSON.stringify(products.article, null, 2)}\n`);
      break;
    case 'summary':
      io.stdout.write(`${JSON.stringify(products.summary, null, 2)}\n`);
      break;
    case 'markdown':
      io.stdout.write(products.composed?.markdown ?? '');
      break;
    case 'docdef':
      io.stdout.write(`${docDefinitionJson(products.docdef ?? {})}\n`);
      break;
    case 'pdf':
      io.stdout.write(products.pdf ?? new Uint8Array());
      break;
  }
}

/**
 * `briefsmith build`: every input to one PDF per article. A failing input is reported and
 * the rest still build; the exit code is that of the worst failure.
 */
export async function build(args: BuildArgs, io: Io): Promise<CommandResult> {
  const bag = new DiagnosticBag();
  const date = resolveDate(io, args.date);
  const vars = parseSets(args.set);
  const template = await loadTemplate(args.template, args.templatesDir);
  const analyst: AnalystInput = args.summary ? await readSummaryFile(io, args.summary) : {};
  const composeOptions = {
    date,
    classification: args.classification ?? null,
    tlp: args.tlp ?? null,
    vars,
    ...(args.portionMarks === undefined ? {} : { portionMarks: args.portionMarks }),
    map: args.map,
  };
  const renderOptions = {
    pdfa: args.pdfa,
    ...(args.watermark ? { watermark: args.watermark } : {}),
  };

  let exitCode = 0;
  const fail = (error: unknown) => {
    const e = errorDiagnostic(error);
    if (e instanceof InternalError) throw e;
    bag.add(e.toDiagnostic());
    exitCode = Math.max(exitCode, e.exitCode);
  };

  const articles: Article[] = [];
  for (const input of args.inputs) {
    try {
      const loaded = await loadArticles(
        io,
        input,
        { from: args.from, keepClutter: args.keepClutter, maxInput: args.maxInput },
        analyst,
      );
      bag.addAll(loaded.diagnostics);
      articles.push(...loaded.articles);
    } catch (error) {
      fail(error);
    }
  }

  if (args.emit) {
    for (const article of articles) {
      try {
        emit(
          io,
          args.emit,
          await runPipeline(article, template, composeOptions, bag, args.emit, renderOptions),
        );
      } catch (error) {
        fail(error);
      }
    }
    return { diagnostics: bag, exitCode };
  }

  const destinations = await planDestinations(
    io,
    args.output,
    articles.map((a) => slugify(a.meta.title ?? a.origin.path)),
  );
  for (const [i, article] of articles.entries()) {
    try {
      const { pdf } = await runPipeline(
        article,
        template,
        composeOptions,
        bag,
        'pdf',
        renderOptions,
      );
      const destination = destinations[i];
      await deliver(io, destination, pdf ?? new Uint8Array());
      if (!args.quiet && destination.kind === 'file') {
        const shown = relative(io.cwd, destination.path);
        io.stderr.write(`wrote ${shown.startsWith('..') ? destination.path : shown}\n`);
      }
    } catch (error) {
      fail(error);
    }
  }
  return { diagnostics: bag, exitCode };
}
