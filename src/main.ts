import { parseArgs } from './cli.ts';
import type { BuildArgs, CommandResult } from './commands/build.ts';
import {
  asBriefsmithError,
  DiagnosticBag,
  formatDiagnostic,
  formatDiagnosticJson,
  InternalError,
  StrictError,
  UsageError,
} from './diagnostics.ts';
import type { Io } from './io.ts';
import type { Diagnostic } from './types.ts';

// For bin/briefsmith.cjs, when it runs this module in a child Node it started.
export { followLauncher, reportDone } from './launched.ts';

type Args = Record<string, unknown>;
const list = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)];
const opt = (v: unknown): string | undefined => (v === undefined ? undefined : String(v));

/**
 * `--max-input`: a whole number of bytes. yargs reads `--max-input 10MB` as NaN, which no
 * size exceeds: left unchecked, a typo would lift the limit.
 */
function maxInputOf(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1) return value;
  // yargs has already turned a word into NaN: there is nothing of it to quote.
  const got = Number.isNaN(value) ? '' : ` (got ${String(value)})`;
  throw new UsageError(
    'bad-max-input',
    `--max-input takes a whole number of bytes, 1 or more${got}`,
    {
      hint: 'e.g. --max-input 50000000 for 50 MB (the default is 10 MB)',
    },
  );
}

/** Runs one command. Command modules load lazily: `--help` and `inspect` never load pdfmake. */
async function dispatch(
  command: string,
  a: Args,
  io: Io,
  report: (r: CommandResult) => void,
  print: (d: Diagnostic) => void,
): Promise<CommandResult> {
  const input = {
    from: opt(a.from),
    keepClutter: a.keepClutter === true,
    maxInput: maxInputOf(a.maxInput),
    summary: opt(a.summary),
    field: list(a.field),
  };
  switch (command) {
    case 'build': {
      const { build } = await import('./commands/build.ts');
      const buildArgs: BuildArgs = {
        ...input,
        inputs: list(a.inputs),
        output: opt(a.output),
        template: opt(a.template),
        templatesDir: list(a.templatesDir),
        classification: opt(a.classification),
        tlp: opt(a.tlp),
        set: list(a.set),
        emit: a.emit as never,
        date: opt(a.date),
        portionMarks: typeof a.portionMarks === 'boolean' ? a.portionMarks : undefined,
        map: a.map !== false,
        pdfa: a.pdfa === true,
        watermark: opt(a.watermark),
        jobs: typeof a.jobs === 'number' ? a.jobs : undefined,
        combine: a.combine === true,
        emailTo: list(a.emailTo),
        emailCc: list(a.emailCc),
        smtp: opt(a.smtp),
        quiet: a.quiet === true,
      };
      if (a.watch === true) {
        if (buildArgs.emailTo?.length) {
          throw new UsageError('watch-email', '--watch and --email-to cannot be used together', {
            hint: 'every rebuild would send another message; build with --watch, then email the result once',
          });
        }
        const { watchBuild } = await import('./commands/watch.ts');
        const stop = new AbortController();
        process.once('SIGINT', () => stop.abort());
        await watchBuild(buildArgs, io, report, stop.signal);
        return { diagnostics: new DiagnosticBag(), exitCode: 0 };
      }
      return build(buildArgs, io, print);
    }
    case 'inspect': {
      const { inspect } = await import('./commands/inspect.ts');
      return inspect(
        { ...input, input: String(a.input), format: a.format === 'json' ? 'json' : 'yaml' },
        io,
      );
    }
    case 'email': {
      const { email, emailArgsFrom } = await import('./commands/email.ts');
      return email(emailArgsFrom(a), io);
    }
    case 'templates': {
      const { templates } = await import('./commands/templates.ts');
      return templates(
        { templatesDir: list(a.templatesDir), format: a.format === 'json' ? 'json' : 'text' },
        io,
      );
    }
    default:
      throw new InternalError('unknown-command', `no handler for command \`${command}\``);
  }
}

/**
 * The whole CLI: parse, run, print diagnostics once, and return the exit code.
 * This is the only place that catches errors and maps them to exit codes.
 */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  const json = argv.includes('--diagnostics=json') || argv.join(' ').includes('--diagnostics json');
  const debug = argv.includes('--debug');
  const print = (d: Diagnostic) =>
    io.stderr.write(`${json ? formatDiagnosticJson(d) : formatDiagnostic(d)}\n`);
  try {
    const parsed = await parseArgs(argv);
    if (parsed.command === undefined || parsed.output) {
      io.stdout.write(parsed.output.endsWith('\n') ? parsed.output : `${parsed.output}\n`);
      return 0;
    }
    const report = (r: CommandResult) => {
      // What a batch printed as it went is not printed again.
      r.diagnostics.flush(print);
      if (r.epilogue) io.stderr.write(`${r.epilogue}\n`);
    };
    // yargs sets aside what follows `--`; silently dropped, it would hide inputs and options.
    const stray = (parsed.args._ as unknown[]).slice(1).map(String);
    if (stray.length > 0) {
      throw new UsageError(
        'stray-arguments',
        `arguments after -- are not read: ${stray.join(' ')}`,
        {
          hint: 'put inputs and options before --, or leave the -- out',
        },
      );
    }
    const result = await dispatch(parsed.command, parsed.args, io, report, print);
    report(result);
    if (result.exitCode !== 0) return result.exitCode;
    if (parsed.args.strict === true && result.diagnostics.warningCount > 0) {
      const e = new StrictError(
        'strict',
        `${result.diagnostics.warningCount} warning(s) under --strict`,
        {
          hint: 'fix the warnings above, or build without --strict',
        },
      );
      print(e.toDiagnostic());
      return e.exitCode;
    }
    return 0;
  } catch (error) {
    const e = asBriefsmithError(error);
    print(e.toDiagnostic());
    if (debug) io.stderr.write(`${(e.cause as Error | undefined)?.stack ?? e.stack}\n`);
    return e.exitCode;
  }
}
