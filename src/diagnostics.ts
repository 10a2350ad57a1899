import type { Diagnostic, Span } from './types.ts';

/** Where an error points: a file and, when known, a line and column in it. */
export interface Place {
  file?: string;
  span?: Pick<Span, 'line' | 'column'>;
}

/**
 * The base of every expected failure. Each subclass names the exit code it maps to;
 * `main.ts` is the only place that turns an error into an exit code.
 */
export abstract class BriefsmithError extends Error {
  abstract readonly exitCode: number;
  readonly code: string;
  readonly hint?: string;
  readonly place: Place;

  constructor(
    code: string,
    message: string,
    options: { hint?: string; place?: Place; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint;
    this.place = options.place ?? {};
  }

  toDiagnostic(): Diagnostic {
    return {
      severity: 'error',
      code: this.code,
      message: this.message,
      ...(this.place.file === undefined ? {} : { file: this.place.file }),
      ...(this.place.span === undefined ? {} : { span: this.place.span }),
      ...(this.hint === undefined ? {} : { hint: this.hint }),
    };
  }
}

/** A bug in Briefsmith itself. */
export class InternalError extends BriefsmithError {
  readonly exitCode = 1;
}
/** Bad command-line usage: unknown option, missing argument, conflicting flags. */
export class UsageError extends BriefsmithError {
  readonly exitCode = 2;
}
/** Warnings were produced under `--strict`. */
export class StrictError extends BriefsmithError {
  readonly exitCode = 3;
}
/** The input cannot be read or makes no article: missing, empty, binary, malformed. */
export class InputError extends BriefsmithError {
  readonly exitCode = 4;
}
/** A template cannot be found, parsed or applied. */
export class TemplateError extends BriefsmithError {
  readonly exitCode = 5;
}
/** The Markdown could not be laid out as a PDF. */
export class RenderError extends BriefsmithError {
  readonly exitCode = 6;
}
/** The brief could not be written or sent. */
export class DeliveryError extends BriefsmithError {
  readonly exitCode = 7;
}

/**
 * Why the system refused a file operation (an errno: "permission denied", a failing disk's
 * message), or null for anything else thrown, which is a bug rather than the user's to fix.
 */
export function systemRefusal(error: unknown): string | null {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return null;
  return code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (error as Error).message;
}

/** Any thrown value as a BriefsmithError: expected failures as they are, anything else as a bug. */
export function asBriefsmithError(error: unknown): BriefsmithError {
  if (error instanceof BriefsmithError) return error;
  return new InternalError(
    'internal',
    `unexpected error: ${(error as Error)?.message ?? String(error)}`,
    {
      hint: 'this is a bug in Briefsmith; please report it with the input that caused it (run with --debug for a stack trace)',
      cause: error,
    },
  );
}

/** Collects diagnostics in the order they were raised, dropping exact repeats so each prints once. */
export class DiagnosticBag {
  readonly items: Diagnostic[] = [];
  readonly #seen = new Set<string>();
  /** How many of `items` `flush` has handed out. */
  #flushed = 0;

  /**
   * Hands `print` each diagnostic it has not been handed yet, in order: a batch prints its
   * failures as they happen, and `main.ts` what is left at the end, so each prints once.
   */
  flush(print: (d: Diagnostic) => void): void {
    while (this.#flushed < this.items.length) print(this.items[this.#flushed++] as Diagnostic);
  }

  add(diagnostic: Diagnostic): void {
    const key = JSON.stringify(diagnostic);
    if (this.#seen.has(key)) return;
    this.#seen.add(key);
    this.items.push(diagnostic);
  }

  addAll(diagnostics: readonly Diagnostic[]): void {
    for (const d of diagnostics) this.add(d);
  }

  warn(
    code: string,
    message: string,
    extra: Omit<Diagnostic, 'severity' | 'code' | 'message'> = {},
  ) {
    this.add({ severity: 'warning', code, message, ...extra });
  }

  get warningCount(): number {
    return this.items.filter((d) => d.severity !== 'note').length;
  }
}

/** `path:line:col: severity[CODE] message` then an indented `hint:` line, as compilers print. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.file ? `${d.file}${d.span ? `:${d.span.line}:${d.span.column}` : ''}: ` : '';
  const head = `${where}${d.severity}[${d.code}] ${d.message}`;
  return d.hint ? `${head}\n  hint: ${d.hint}` : head;
}

/** One JSON object per line, for editors and CI annotations (`--diagnostics json`). */
export function formatDiagnosticJson(d: Diagnostic): string {
  return JSON.stringify(d);
}

/**
 * Edit distance with adjacent swaps (optimal string alignment), for a hint's "did you
 * mean": `jbos` is one from `jobs`, as a typist's slip is.
 */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2][j - 2] + 1);
      d[i][j] = best;
    }
  }
  return d[a.length][b.length];
}
