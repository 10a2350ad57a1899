import { createRequire } from 'node:module';
import { isAbsolute, relative } from 'node:path';
import type { MultiBar, SingleBar } from 'cli-progress';
import { asBriefsmithError, type DiagnosticBag, InternalError } from '../diagnostics.ts';
import type { Io } from '../io.ts';
import type { Diagnostic } from '../types.ts';
import type { BriefJobResult } from './brief-job.ts';

/** A path as the user would like to read it: relative to where they are, unless it is elsewhere. */
export function shownPath(io: Io, path: string): string {
  const shown = relative(io.cwd, path);
  return shown.startsWith('..') || shown === '' ? path : shown;
}

/** A diagnostic with its file as `shownPath` shows it (an output path is absolute). */
export function shownDiagnostic(io: Io, d: Diagnostic): Diagnostic {
  return d.file && isAbsolute(d.file) ? { ...d, file: shownPath(io, d.file) } : d;
}

/** cli-progress, loaded when a bar is shown: a build that shows none need not load it (~6 ms). */
const cliProgress = () =>
  createRequire(import.meta.url)('cli-progress') as typeof import('cli-progress');

/**
 * The progress bar on a terminal: cli-progress, as one bar of a `MultiBar`, since only that
 * prints lines above its bars (`log`) and draws the bar again below them.
 */
export class TerminalBar {
  readonly #bars: MultiBar;
  readonly #bar: SingleBar;

  constructor(
    readonly io: Io,
    total: number,
    done: number,
  ) {
    this.#bars = new (cliProgress().MultiBar)({
      format: 'building [{bar}] {value}/{total} briefs, {failed} failed, {eta_formatted} left',
      stream: io.stderr as unknown as NodeJS.WritableStream,
      barCompleteChar: '=',
      barIncompleteChar: '-',
      barsize: 30,
      clearOnComplete: true,
      // Ctrl-C must still end the process; a hidden cursor would then stay hidden.
      hideCursor: false,
      gracefulExit: false,
    });
    this.#bar = this.#bars.create(total, done, { failed: done });
  }

  /** A new number of briefs expected. */
  setTotal(total: number): void {
    this.#bar.setTotal(total);
  }

  /** The counts so far; the bar redraws at its own pace (10 times a second at most). */
  count(done: number, failed: number): void {
    this.#bar.update(done, { failed });
  }

  /**
   * Runs `print` with what it writes to standard error going above the bar instead: main.ts's
   * printer writes there, and a line written straight to the terminal would mix with the bar.
   */
  above(print: () => void): void {
    const stderr = this.io.stderr;
    let text = '';
    this.io.stderr = {
      ...stderr,
      write: (chunk: string | Uint8Array) => {
        text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      },
    };
    try {
      print();
    } finally {
      this.io.stderr = stderr;
    }
    if (text !== '') {
      this.#bars.log(text.endsWith('\n') ? text : `${text}\n`);
      this.#bars.update();
    }
  }

  /** Draws the last counts, then takes the bar off the screen. */
  stop(): void {
    this.#bars.update();
    this.#bars.stop();
  }
}

/** One thing a batch reports, in input order: what reading found, or a brief's result. */
type Event =
  | { kind: 'read'; diagnostics: readonly Diagnostic[] }
  | { kind: 'job'; result?: BriefJobResult };

/**
 * What a batch of briefs reports, and when. Everything is reported in input order — the
 * skipped records and inputs where reading met them, each brief where its job stands — as
 * soon as all before it are known: one thread and several print the same lines, and a
 * failure prints while the batch goes on (above the progress bar on a terminal), not at
 * the end. The bar and the closing tally count the same things: every brief built or
 * failed, a skipped record or an input that gave no article each one failed brief.
 */
export class BatchReport {
  built = 0;
  failed = 0;
  /** The exit code of the failures so far (a batch's own failures flatten to 4). */
  exitCode = 0;
  /** The refused write that stopped the batch, if one did. */
  stoppedBy: Diagnostic | undefined;
  readonly #events: Event[] = [];
  /** Where each job's event is, by job index. */
  readonly #jobEvents: number[] = [];
  #next = 0;
  readonly #started = performance.now();
  readonly bar: TerminalBar | null;

  constructor(
    readonly io: Io,
    readonly bag: DiagnosticBag,
    readonly options: {
      quiet: boolean;
      /** The briefs the batch expects (see `expect`). */
      total: number;
      /** Briefs that failed before the batch began (inputs read first), and their exit code. */
      failed?: number;
      exitCode?: number;
      /** Prints a diagnostic as it happens (main.ts's printer); without it, all print at the end. */
      print?: (d: Diagnostic) => void;
    },
  ) {
    this.failed = options.failed ?? 0;
    this.exitCode = options.exitCode ?? 0;
    this.bar =
      options.total > 1 && !options.quiet && io.stderr.isTTY
        ? new TerminalBar(io, options.total, this.failed)
        : null;
  }

  /** How many briefs the batch expects; a feed that ends sooner or later than surveyed moves it. */
  get total(): number {
    return this.options.total;
  }

  expect(change: number): void {
    this.options.total += change;
    this.bar?.setTotal(this.options.total);
  }

  /** A loaded input's diagnostics (its skipped records are failed briefs), reported in turn. */
  read(diagnostics: readonly Diagnostic[]): void {
    if (diagnostics.length === 0) return;
    this.#events.push({ kind: 'read', diagnostics });
    this.#flush();
  }

  /** An input, or what is left of a feed, that gave no article: one failed brief. Bugs go on up. */
  skip(error: unknown): void {
    const e = asBriefsmithError(error);
    if (e instanceof InternalError) throw e;
    this.exitCode = Math.max(this.exitCode, e.exitCode);
    this.read([e.toDiagnostic()]);
  }

  /** A job made, in the order jobs are handed out; returns its index. */
  job(): number {
    this.#jobEvents.push(this.#events.length);
    this.#events.push({ kind: 'job' });
    return this.#jobEvents.length - 1;
  }

  /** A job's result (results can come in any order). */
  settled(result: BriefJobResult, index: number): void {
    const event = this.#events[this.#jobEvents[index] as number] as Event & { kind: 'job' };
    event.result = result;
    this.#flush();
  }

  /** Whether the batch should take no more jobs: a write the system refused. */
  get stopped(): boolean {
    return this.stoppedBy !== undefined;
  }

  /** Reports every event whose turn has come. */
  #flush(): void {
    const lines: (Diagnostic | string)[] = [];
    for (; this.#next < this.#events.length; this.#next++) {
      const event = this.#events[this.#next] as Event;
      if (event.kind === 'read') {
        // After a refused write, what comes later in input order is not built, as on one
        // thread, where nothing later is read: workers may have read ahead.
        if (this.stoppedBy) continue;
        for (const d of event.diagnostics) {
          if (d.severity === 'error') {
            this.failed++;
            this.exitCode = Math.max(this.exitCode, 4);
          }
          lines.push(d);
        }
        continue;
      }
      const result = event.result;
      if (!result) break;
      // Let go of the result: a long batch keeps only its counts.
      this.#events[this.#next] = { kind: 'read', diagnostics: [] };
      lines.push(...result.diagnostics);
      const failure = result.failure;
      if (!failure) {
        this.built++;
        // (A brief on standard output, `-`, says nothing there.)
        if (!this.options.quiet && !this.bar && result.path !== '-')
          lines.push(`wrote ${shownPath(this.io, result.path)}\n`);
        continue;
      }
      // Once a write is refused, the writes already under way meet the same refusal (said
      // once), and a later brief that failed otherwise is one one thread would not have built.
      if (this.stoppedBy) continue;
      this.failed++;
      const shown = shownDiagnostic(this.io, failure.diagnostic);
      lines.push(shown);
      if (failure.refused) {
        this.stoppedBy = shown;
        this.exitCode = Math.max(this.exitCode, failure.exitCode);
      } else {
        this.exitCode = Math.max(this.exitCode, this.total > 1 ? 4 : failure.exitCode);
      }
    }
    this.#print(lines);
  }

  /** Diagnostics through the bag (each once) and main.ts's printer; "wrote" lines as they are. */
  #print(lines: readonly (Diagnostic | string)[]): void {
    const { print } = this.options;
    const out = () => {
      for (const line of lines) {
        if (typeof line === 'string') {
          this.io.stderr.write(line);
        } else {
          this.bag.add(line);
          if (print) this.bag.flush(print);
        }
      }
    };
    // The counts first, so that the bar drawn again below the lines shows them.
    this.bar?.count(this.built + this.failed, this.failed);
    const visible = lines.some((l) => typeof l === 'string') || print !== undefined;
    if (this.bar && visible && lines.length > 0) this.bar.above(out);
    else out();
  }

  /** Takes the bar away and gives the closing tally, if the batch has one to give. */
  finish(): string | undefined {
    // Its last count (drawing is throttled), then off the screen for the tally.
    this.bar?.stop();
    if (this.options.quiet || this.total <= 1) return undefined;
    const seconds = ((performance.now() - this.#started) / 1000).toFixed(1);
    if (this.stoppedBy) {
      const notBuilt = Math.max(0, this.total - this.built - this.failed);
      return `built ${this.built}, failed ${this.failed}, not built ${notBuilt} (stopped at the write the system refused) in ${seconds} s`;
    }
    return `built ${this.built}, failed ${this.failed} in ${seconds} s`;
  }
}
