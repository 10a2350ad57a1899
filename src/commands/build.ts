import { dirname, extname, resolve } from 'node:path';
import type { ComposeOptions } from '../compose/index.ts';
import { loadTemplate, type Template } from '../compose/template.ts';
import {
  briefSlug,
  deliver,
  OutputNames,
  outputIsFolder,
  planDestinations,
} from '../deliver/index.ts';
import { asBriefsmithError, DiagnosticBag, InternalError, UsageError } from '../diagnostics.ts';
import { decode } from '../ingest/decode.ts';
import type { FeedRecord } from '../ingest/feed-stream.ts';
import { parseFieldMap } from '../ingest/options.ts';
import { jsonRecordCount } from '../ingest/readers/json.ts';
import type { Io } from '../io.ts';
import { type RenderOptions, runDigest, runPipeline } from '../pipeline.ts';
import type { Stage } from '../pipeline-stages.ts';
import { docDefinitionJson } from '../render/document.ts';
import type { AnalystInput, Article, Diagnostic } from '../types.ts';
import {
  defaultJobs,
  handedOut,
  minBriefsForWorkers,
  runBatch,
  startWorkers,
  type Workers,
} from './batch.ts';
import { type BriefJob, failedJob } from './brief-job.ts';
import {
  feedOnDisk,
  loadArticles,
  parseSets,
  readSummaryFile,
  resolveDate,
  type StreamedFeed,
  streamedFeed,
} from './common.ts';
import { BatchReport, shownDiagnostic, shownPath } from './progress.ts';

export interface BuildArgs {
  inputs: string[];
  output?: string;
  /** Template name or path; unset means `intel`, or `digest` with `--combine`. */
  template?: string;
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
  /** `--field text=story`: where the fields of JSON records are. */
  field?: string[];
  portionMarks?: boolean;
  /** `--no-map` sets this to false. */
  map: boolean;
  pdfa: boolean;
  watermark?: string;
  /** Worker threads for a batch; one per core by default. */
  jobs?: number;
  /** One digest of all the articles instead of one brief each. */
  combine: boolean;
  /** Also email each brief to these addresses (`--email-to`). */
  emailTo?: string[];
  emailCc?: string[];
  smtp?: string;
  quiet: boolean;
}

/** The template a build uses: the one named, else the default for one brief or a digest. */
export function templateName(args: Pick<BuildArgs, 'template' | 'combine'>): string {
  return args.template ?? (args.combine ? 'digest' : 'intel');
}

export interface CommandResult {
  diagnostics: DiagnosticBag;
  /** A closing line (a batch's tally), printed after the diagnostics so it is the last word. */
  epilogue?: string;
  /** Set when some inputs failed but the rest were built: the exit code of the worst failure. */
  exitCode: number;
}

/**
 * Prints a stage's output for `--emit`. A JSON stage prints one brief pretty-printed, and
 * several (`lines`) as JSON Lines: one compact object a line, which a reader can parse.
 */
function emit(
  io: Io,
  stage: Stage,
  products: Awaited<ReturnType<typeof runPipeline>>,
  lines = false,
): void {
  const json = (value: unknown) => `${JSON.stringify(value, null, lines ? undefined : 2)}\n`;
  switch (stage) {
    case 'article':
      io.stdout.write(json(products.article));
      break;
    case 'summary':
      io.stdout.write(json(products.summary));
      break;
    case 'markdown':
      io.stdout.write(products.composed?.markdown ?? '');
      break;
    case 'docdef': {
      const doc = docDefinitionJson(products.docdef ?? {});
      io.stdout.write(lines ? json(JSON.parse(doc)) : `${doc}\n`);
      break;
    }
    case 'pdf':
      io.stdout.write(products.pdf ?? new Uint8Array());
      break;
  }
}

/**
 * `build --combine`: all articles into one digest PDF. `failed` inputs and records gave no
 * article; `lines` is set when several briefs' stages are emitted.
 */
async function combine(
  args: BuildArgs,
  io: Io,
  articles: Article[],
  template: Template,
  composeOptions: ComposeOptions,
  renderOptions: RenderOptions,
  bag: DiagnosticBag,
  tally: { failed: number; lines: boolean },
): Promise<{ exitCode: number; epilogue?: string }> {
  // The closing line, as a batch has one: how many went in, how many failed.
  const epilogue = (line: string) => (args.quiet || args.emit ? {} : { epilogue: line });
  if (articles.length === 0) {
    return {
      exitCode: 0,
      ...(tally.failed > 0 ? epilogue(`no digest written: failed ${tally.failed}`) : {}),
    };
  }
  try {
    if (args.emit === 'article' || args.emit === 'summary') {
      for (const article of articles) {
        const products = await runPipeline(article, template, composeOptions, bag, args.emit);
        emit(io, args.emit, products, tally.lines);
      }
      return { exitCode: 0 };
    }
    const products = await runDigest(
      articles,
      template,
      composeOptions,
      bag,
      args.emit ?? 'pdf',
      renderOptions,
    );
    if (args.emit) {
      emit(io, args.emit, { article: articles[0], ...products });
      return { exitCode: 0 };
    }
    const day = composeOptions.date.toISOString().slice(0, 10);
    const [destination] = await planDestinations(io, args.output, [`digest-${day}`]);
    await deliver(io, destination, products.pdf ?? new Uint8Array());
    const count = `${articles.length} article${articles.length === 1 ? '' : 's'}`;
    if (!args.quiet && destination.kind === 'file') {
      io.stderr.write(`wrote ${shownPath(io, destination.path)} (${count})\n`);
    }
    return {
      exitCode: 0,
      ...(tally.failed > 0 ? epilogue(`combined ${articles.length}, failed ${tally.failed}`) : {}),
    };
  } catch (error) {
    const e = asBriefsmithError(error);
    if (e instanceof InternalError) throw e;
    bag.add(shownDiagnostic(io, e.toDiagnostic()));
    return { exitCode: e.exitCode, ...epilogue('no digest written') };
  }
}

/**
 * `briefsmith build`: every input to one PDF per article. A failing input is reported and
 * the rest still build; the exit code is that of the worst failure. `print`, when given,
 * prints a batch's diagnostics as they happen (the rest are left in the result's bag).
 */
export async function build(
  args: BuildArgs,
  io: Io,
  print?: (d: Diagnostic) => void,
): Promise<CommandResult> {
  const bag = new DiagnosticBag();
  if (args.jobs !== undefined && (!Number.isInteger(args.jobs) || args.jobs < 1)) {
    throw new UsageError(
      'bad-jobs',
      Number.isInteger(args.jobs)
        ? `--jobs ${args.jobs}: a batch needs at least 1 thread`
        : `--jobs takes a whole number of threads, not ${args.jobs}`,
      { hint: 'use --jobs 1 or more, or leave it out: by default a large batch gets one per core' },
    );
  }
  if (args.tlp !== undefined && args.classification !== undefined) {
    throw new UsageError('marking-conflict', 'give either --classification or --tlp, not both', {
      hint: 'a brief carries one banner: a classification, or a TLP label for sharing',
    });
  }
  const date = resolveDate(io, args.date);
  const vars = parseSets(args.set, args.inputs);
  const template = await loadTemplate(templateName(args), args.templatesDir);
  if (template.kind === 'email') {
    throw new UsageError(
      'template-kind',
      `template \`${template.name}\` is an email body, not a brief`,
      {
        hint: 'use it with `briefsmith email`; for a PDF, use intel, executive or press',
      },
    );
  }
  if (args.combine !== template.digest) {
    throw new UsageError(
      'template-kind',
      args.combine
        ? `template \`${template.name}\` makes one brief per article, not a digest`
        : `template \`${template.name}\` is a digest template`,
      {
        hint: args.combine
          ? 'use a template with `digest: true`, such as digest'
          : 'use it with --combine',
      },
    );
  }
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

  // A batch that will run on worker threads starts them now: they warm up while this
  // thread reads the inputs.
  const early = await earlyWorkers(io, args);
  const workers = early > 0 ? await startWorkers(early) : undefined;
  try {
    return await buildAll(args, io, {
      template,
      analyst,
      date,
      composeOptions,
      renderOptions,
      bag,
      workers,
      print,
    });
  } finally {
    await workers?.destroy();
  }
}

/**
 * How many threads build `briefs` briefs: `--jobs` when given; otherwise one per core for
 * a batch large enough to repay the workers' start, and this thread for a smaller one.
 */
export function threadCount(args: Pick<BuildArgs, 'jobs'>, briefs: number): number {
  if (args.jobs !== undefined) return args.jobs;
  const cores = defaultJobs();
  return briefs >= minBriefsForWorkers(cores) ? cores : 1;
}

/**
 * How many briefs the inputs hold, for choosing threads before reading them, counted up to
 * `enough`: a JSONL feed's non-blank lines, a JSON document's records (found as the reader
 * finds them, without making articles: an array's elements, a wrapper's array, else one),
 * one for anything else. An input `feedOnDisk` will not read (missing, not a regular file,
 * over `--max-input`) or that cannot be read counts one: reading it will say what is wrong.
 */
export async function estimatedBriefs(
  io: Io,
  args: Pick<BuildArgs, 'inputs' | 'from' | 'maxInput' | 'field'>,
  enough: number,
): Promise<number> {
  const fieldMap = parseFieldMap(args.field ?? []);
  let briefs = 0;
  for (const input of args.inputs) {
    if (briefs >= enough) break;
    const feed = await feedOnDisk(io, input, args);
    try {
      if (!feed) briefs++;
      else if (feed.format === 'jsonl' && io.readFileChunks)
        briefs += await nonBlankLines(io.readFileChunks(feed.path), enough - briefs);
      else if (feed.format === 'jsonl') briefs++;
      else {
        const text = decode(await io.readFile(feed.path), feed.path);
        briefs += jsonRecordCount(text, fieldMap);
      }
    } catch {
      // Unreadable (permissions, say): one, which reading it will report.
      briefs++;
    }
  }
  return briefs;
}

/** Lines with something other than white space in them, counted up to `enough`. */
async function nonBlankLines(chunks: AsyncIterable<Uint8Array>, enough: number): Promise<number> {
  let lines = 0;
  let filled = false;
  for await (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (byte === 0x0a) {
        if (filled) lines++;
        filled = false;
      } else if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d) {
        filled = true;
      }
    }
    if (lines >= enough) return lines;
  }
  return filled ? lines + 1 : lines;
}

/** With `--jobs` given, a feed at least this big holds dozens of articles. */
const EARLY_WORKERS_BYTES = 64 * 1024;

/**
 * How many worker threads to start before the inputs are read: none unless the build will
 * run on workers (briefs written to files; without `--jobs`, a batch large enough: see
 * threadCount) and surely has several articles, and never more than it has. With
 * `--jobs`: several inputs, or a feed of 64 KB or more. A single page, however large, is
 * one article.
 */
async function earlyWorkers(io: Io, args: BuildArgs): Promise<number> {
  const cores = args.jobs ?? defaultJobs();
  if (cores <= 1 || args.emit || args.combine || args.emailTo?.length) return 0;
  // Standard output or one named file: one brief, built in this thread.
  if (
    args.output === '-' ||
    (args.output && extname(args.output) !== '' && !args.output.endsWith('/'))
  )
    return 0;
  if (args.jobs === undefined) {
    const briefs = await estimatedBriefs(io, args, minBriefsForWorkers(cores));
    return threadCount(args, briefs) > 1 ? Math.min(cores, briefs) : 0;
  }
  for (const input of args.inputs) {
    if (((await feedOnDisk(io, input, args))?.size ?? 0) >= EARLY_WORKERS_BYTES) return cores;
  }
  return args.inputs.length > 1 ? Math.min(cores, args.inputs.length) : 0;
}

interface BuildContext {
  template: Template;
  analyst: AnalystInput;
  date: Date;
  composeOptions: ComposeOptions;
  renderOptions: RenderOptions;
  bag: DiagnosticBag;
  workers: Workers | undefined;
  print: ((d: Diagnostic) => void) | undefined;
}

/** One input, read: its articles, or the error that stopped it, or a feed read as the batch goes. */
type Source =
  | { loaded: { articles: Article[]; diagnostics: Diagnostic[] } }
  | { error: unknown }
  | { feed: StreamedFeed };

const errorsIn = (diagnostics: readonly Diagnostic[]) =>
  diagnostics.filter((d) => d.severity === 'error').length;

/** A command's failures so far, where every input is read before anything is built. */
class Failures {
  exitCode = 0;
  /** Articles or records that failed before they could become a brief. */
  skipped = 0;
  constructor(readonly bag: DiagnosticBag) {}

  /** Reports an expected failure; anything else (a bug) goes on up. */
  add(error: unknown): void {
    const e = asBriefsmithError(error);
    if (e instanceof InternalError) throw e;
    this.bag.add(e.toDiagnostic());
    this.exitCode = Math.max(this.exitCode, e.exitCode);
  }

  /** An input that gave no article: one failed brief. */
  skip(error: unknown): void {
    this.skipped++;
    this.add(error);
  }

  /** The exit code so far: any article that could not be built makes it at least 4. */
  get code(): number {
    return this.skipped > 0 ? Math.max(this.exitCode, 4) : this.exitCode;
  }

  /** A loaded input's diagnostics: a record that could not be read is a failed brief. */
  addLoaded(diagnostics: readonly Diagnostic[]): void {
    this.bag.addAll(diagnostics);
    this.skipped += errorsIn(diagnostics);
  }
}

/**
 * Reads every input. A batch built as it goes (`streamFeeds`) reads a JSONL feed a line at
 * a time instead (src/ingest/feed-stream.ts): it then holds a few articles, not the feed.
 */
async function readSources(
  args: BuildArgs,
  io: Io,
  analyst: AnalystInput,
  streamFeeds: boolean,
): Promise<Source[]> {
  const options = {
    from: args.from,
    keepClutter: args.keepClutter,
    maxInput: args.maxInput,
    fieldMap: parseFieldMap(args.field ?? []),
  };
  const sources: Source[] = [];
  for (const input of args.inputs) {
    const feed = streamFeeds ? await streamedFeed(io, input, options, analyst) : null;
    if (feed) {
      sources.push({ feed });
      continue;
    }
    try {
      sources.push({ loaded: await loadArticles(io, input, options, analyst) });
    } catch (error) {
      sources.push({ error });
    }
  }
  return sources;
}

/** Reads every input and builds its briefs (or the digest), given the checked options. */
async function buildAll(args: BuildArgs, io: Io, ctx: BuildContext): Promise<CommandResult> {
  const { template, analyst, composeOptions, renderOptions, bag, print } = ctx;
  // Briefs written to files in a folder are built as the inputs are read, each reported
  // in turn (BatchReport), on one thread or several — unless an input sits in that folder
  // as a PDF (it could then be an output, which must be refused before anything is built).
  const outputs = resolve(io.cwd, args.output ?? 'output');
  const asTheyGo =
    !args.combine &&
    !args.emit &&
    !args.emailTo?.length &&
    (await outputIsFolder(io, args.output)) &&
    !args.inputs.some((i) => {
      const path = resolve(io.cwd, i);
      return dirname(path) === outputs && extname(path).toLowerCase() === '.pdf';
    });
  const sources = await readSources(args, io, analyst, asTheyGo);
  // A bug while reading an input stops the command before anything is built.
  for (const source of sources) {
    if ('error' in source && asBriefsmithError(source.error) instanceof InternalError)
      throw asBriefsmithError(source.error);
  }
  if (asTheyGo) return buildAsTheyGo(args, io, ctx, sources);

  const failures = new Failures(bag);
  const articles: Article[] = [];
  for (const source of sources) {
    if ('error' in source) {
      failures.skip(source.error);
    } else if ('loaded' in source) {
      failures.addLoaded(source.loaded.diagnostics);
      articles.push(...source.loaded.articles);
    }
  }
  const result = () => ({ diagnostics: bag, exitCode: failures.code });
  // Several briefs' JSON stages print as JSON Lines; whether there are several does not
  // hang on how many of them failed.
  const several = articles.length + failures.skipped > 1;

  // What reading found is reported before anything is built (after a usage error, none).
  const readingReported = () => print && bag.flush(print);
  if (args.combine) {
    readingReported();
    const digest = await combine(args, io, articles, template, composeOptions, renderOptions, bag, {
      failed: failures.skipped,
      lines: several,
    });
    failures.exitCode = Math.max(failures.exitCode, digest.exitCode);
    return { ...result(), ...(digest.epilogue ? { epilogue: digest.epilogue } : {}) };
  }

  if (args.emit) {
    if (args.emit === 'pdf' && articles.length > 1) {
      throw new UsageError('stdout-many', `--emit pdf prints one PDF, not ${articles.length}`, {
        hint: 'give -o a folder for one PDF each, or add --combine for one digest of them all',
      });
    }
    readingReported();
    for (const article of articles) {
      try {
        emit(
          io,
          args.emit,
          await runPipeline(article, template, composeOptions, bag, args.emit, renderOptions),
          several,
        );
      } catch (error) {
        failures.add(error);
      }
      if (print) bag.flush(print);
    }
    return result();
  }

  const destinations = await planDestinations(io, args.output, articles.map(briefSlug));
  const inputPaths = new Set(args.inputs.filter((i) => i !== '-').map((i) => resolve(io.cwd, i)));
  for (const d of destinations) {
    if (d.kind === 'file' && inputPaths.has(d.path)) {
      throw new UsageError(
        'output-is-input',
        `the output ${shownPath(io, d.path)} is also an input`,
        {
          hint: 'writing the brief there would overwrite the article; choose another -o',
        },
      );
    }
  }
  const emailDelivery = args.emailTo?.length
    ? {
        to: args.emailTo,
        cc: args.emailCc ?? [],
        smtp: args.smtp,
        templatesDir: args.templatesDir,
        quiet: args.quiet,
      }
    : undefined;
  if (emailDelivery) {
    // Bad addresses or no SMTP server: fail before building anything.
    const { validateEmailDelivery } = await import('./email.ts');
    await validateEmailDelivery(io, emailDelivery);
  }
  readingReported();
  // The briefs are reported as any batch's are: in turn, with a tally, stopping at a
  // refused write.
  const report = new BatchReport(io, bag, {
    quiet: args.quiet,
    total: articles.length + failures.skipped,
    failed: failures.skipped,
    exitCode: failures.code,
    ...(print ? { print } : {}),
  });
  // Standard output and email need the brief in this thread; files can be built on workers.
  if (destinations[0]?.kind === 'stdout' || emailDelivery) {
    return reported(report, bag, async () => {
      for (const [i, article] of articles.entries()) {
        if (report.stopped) break;
        const index = report.job();
        const destination = destinations[i] as (typeof destinations)[number];
        const job = { article, path: destination.kind === 'file' ? destination.path : '-' };
        const own = new DiagnosticBag();
        try {
          const products = await runPipeline(
            article,
            template,
            composeOptions,
            own,
            'pdf',
            renderOptions,
          );
          await deliver(io, destination, products.pdf ?? new Uint8Array());
          if (emailDelivery) {
            const { sendBriefByEmail } = await import('./email.ts');
            await sendBriefByEmail(io, products, composeOptions, emailDelivery, own);
          }
          report.settled({ path: job.path, diagnostics: own.items }, index);
        } catch (error) {
          report.settled(failedJob(job, error, own.items), index);
        }
      }
    });
  }

  // A named file, or a folder that holds an input PDF: every name was checked above.
  // The jobs take the articles over (splice empties the list), and runBatch drops each job
  // once handed out, so a long batch does not hold every article until the end.
  const jobs = articles.splice(0).map((article, i) => {
    report.job();
    return briefJob(args, ctx, article, (destinations[i] as { path: string }).path);
  });
  return runJobs(args, io, ctx, jobs, report);
}

function briefJob(args: BuildArgs, ctx: BuildContext, article: Article, path: string): BriefJob {
  return {
    article,
    path,
    template: { nameOrPath: ctx.template.path, dirs: args.templatesDir },
    compose: { ...ctx.composeOptions, date: ctx.date.toISOString() },
    render: ctx.renderOptions,
  };
}

/**
 * Builds every article into a file in the output folder as the inputs are read: the jobs
 * are made as the batch asks for them, reading each streamed feed as it goes, on the
 * worker threads already started or in this thread; output names are given in input
 * order, as `planDestinations` gives them, and everything is reported in that order.
 */
function buildAsTheyGo(
  args: BuildArgs,
  io: Io,
  ctx: BuildContext,
  sources: Source[],
): Promise<CommandResult> {
  // No input is a PDF in the output folder (see buildAll), so no output can be an input.
  const names = new OutputNames(resolve(io.cwd, args.output ?? 'output'));
  let total = 0;
  for (const source of sources) {
    if ('feed' in source) total += source.feed.records;
    else if ('loaded' in source)
      total += source.loaded.articles.length + errorsIn(source.loaded.diagnostics);
    else total++;
  }
  const report = new BatchReport(io, ctx.bag, {
    quiet: args.quiet,
    total,
    ...(ctx.print ? { print: ctx.print } : {}),
  });
  const jobFor = (article: Article) => {
    report.job();
    return briefJob(args, ctx, article, names.next(briefSlug(article)));
  };
  async function* jobs(): AsyncGenerator<BriefJob> {
    for (const source of sources.splice(0)) {
      if ('error' in source) {
        report.skip(source.error);
      } else if ('loaded' in source) {
        // A feed read whole (a JSON array, JSONL on standard input) says what it skipped
        // where the record was, between the briefs around it, as a streamed feed does.
        const diagnostics = [...source.loaded.diagnostics];
        const upTo = (line: number) => {
          let n = 0;
          while (n < diagnostics.length && (diagnostics[n]?.span?.line ?? 0) <= line) n++;
          return diagnostics.splice(0, n);
        };
        // Each article is let go of as its job is handed out.
        for await (const article of handedOut(source.loaded.articles)) {
          report.read(upTo(article.origin.record ?? Number.POSITIVE_INFINITY));
          yield jobFor(article);
        }
        report.read(diagnostics);
      } else {
        yield* feedJobs(source.feed);
      }
    }
  }
  async function* feedJobs(feed: StreamedFeed): AsyncGenerator<BriefJob> {
    const records = feed.read()[Symbol.asyncIterator]();
    let counted = 0;
    try {
      for (;;) {
        let next: IteratorResult<FeedRecord>;
        try {
          next = await records.next();
        } catch (error) {
          // A feed with no good record, or one that could no longer be read to the end:
          // one failed brief in place of the records not reached.
          report.expect(1);
          report.skip(error);
          break;
        }
        if (next.done) break;
        counted++;
        const record = next.value;
        if ('skipped' in record) {
          report.read([record.skipped]);
        } else {
          report.read(record.diagnostics);
          yield jobFor(record.article);
        }
      }
    } finally {
      // The records the survey counted and the feed did not give are no briefs (unless the
      // batch stopped: they are then the briefs it did not build).
      if (!report.stopped) report.expect(counted - feed.records);
      await records.return?.();
    }
  }
  return runJobs(args, io, ctx, jobs(), report);
}

/**
 * Runs the brief jobs (a list, or made as the batch asks for them) with `report` saying
 * how each went as it goes, and stops at a write the system refused.
 */
async function runJobs(
  args: BuildArgs,
  io: Io,
  ctx: BuildContext,
  jobs: BriefJob[] | AsyncIterable<BriefJob>,
  report: BatchReport,
): Promise<CommandResult> {
  // One brief builds in this thread, whatever --jobs says.
  const threads = report.total > 1 ? threadCount(args, report.total) : 1;
  return reported(report, ctx.bag, async () => {
    await runBatch(jobs, threads, {
      onResult: (result, index) => report.settled(result, index),
      stop: () => report.stopped,
      workers: ctx.workers,
      io,
      total: report.total,
    });
  });
}

/** Runs a batch whose briefs `report` reports, then its result: the report's exit code and tally. */
async function reported(
  report: BatchReport,
  bag: DiagnosticBag,
  run: () => Promise<void>,
): Promise<CommandResult> {
  let epilogue: string | undefined;
  try {
    await run();
  } finally {
    // The bar comes off the screen even when the batch throws (a bug).
    epilogue = report.finish();
  }
  return { diagnostics: bag, exitCode: report.exitCode, ...(epilogue ? { epilogue } : {}) };
}
