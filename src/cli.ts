import yargs, { type Argv } from 'yargs';
import { emailOptions } from './commands/email.ts';
import { editDistance, UsageError } from './diagnostics.ts';
import { STAGES } from './pipeline-stages.ts';

/** The parsed command line, before a command runs. */
export interface ParsedArgs {
  command: string | undefined;
  args: Record<string, unknown>;
  /** Help or version text yargs produced instead of running a command. */
  output: string;
}

const inputOptions = (y: Argv) =>
  y
    .option('from', {
      type: 'string',
      describe: 'input format (overrides the file extension)',
      group: 'Input:',
    })
    .option('keep-clutter', {
      type: 'boolean',
      default: false,
      describe: 'do not remove scraped clutter lines',
      group: 'Input:',
    })
    .option('max-input', {
      type: 'number',
      describe: 'largest input accepted, in bytes (default 10 MB)',
      group: 'Input:',
    })
    .option('field', {
      type: 'string',
      array: true,
      describe: 'where a JSON record keeps a field: text=story, title=meta.headline',
      group: 'Input:',
    })
    .option('summary', {
      type: 'string',
      describe: 'YAML/JSON summary (from `inspect`, edited) that overrides extraction',
      group: 'Input:',
    });

/** The command table. Commands themselves live in src/commands and load only when run. */
function parser(argv: readonly string[]): Argv {
  return yargs([...argv])
    .scriptName('briefsmith')
    .usage('$0 <command> [options]\n\nTurn news articles into intelligence-style briefing PDFs.')
    .command('build <inputs..>', 'build one PDF brief per article', (y) =>
      // The positional first, so its group heads the help; no default (yargs shows an
      // array positional's `[]` beside `[required]`).
      inputOptions(
        y.positional('inputs', {
          type: 'string',
          array: true,
          default: undefined,
          describe: 'article files (.txt, .md …), or - for stdin',
        }),
      )
        .option('output', {
          alias: 'o',
          type: 'string',
          describe: 'output file, directory, or - for stdout (default output/)',
        })
        .option('template', {
          alias: 't',
          type: 'string',
          describe: 'template name or path to a .hbs file (default intel; digest with --combine)',
        })
        .option('templates-dir', {
          type: 'string',
          array: true,
          default: [],
          describe: 'extra folder of templates, searched first',
        })
        .option('classification', {
          type: 'string',
          describe: 'classification banner (default UNCLASSIFIED)',
        })
        .option('tlp', {
          type: 'string',
          describe:
            'TLP 2.0 label instead of a classification: CLEAR, GREEN, AMBER, AMBER+STRICT, RED',
        })
        .option('portion-marks', { type: 'boolean', describe: 'mark each paragraph, e.g. (U)' })
        .option('set', {
          type: 'string',
          array: true,
          default: [],
          describe: 'template variable key=value (as vars.key)',
        })
        .option('emit', {
          choices: STAGES,
          describe:
            "print one stage's output instead of writing a PDF (JSON stages: one brief pretty-printed, several as JSON Lines)",
        })
        .option('date', {
          type: 'string',
          describe: 'date of the brief (YYYY-MM-DD or ISO); default SOURCE_DATE_EPOCH or now',
        })
        .option('map', {
          type: 'boolean',
          default: true,
          describe: 'locator map (--no-map to leave it out)',
        })
        .option('pdfa', {
          type: 'boolean',
          default: false,
          describe: 'write PDF/A-2b for archiving',
        })
        .option('watermark', {
          type: 'string',
          describe: 'watermark text across every page, e.g. DRAFT',
        })
        .option('watch', {
          alias: 'w',
          type: 'boolean',
          default: false,
          describe: 'rebuild when the input or template changes',
        })
        .option('combine', {
          type: 'boolean',
          default: false,
          describe: 'one digest of all the articles (template: digest)',
        })
        .option('jobs', {
          alias: 'j',
          type: 'number',
          requiresArg: true,
          describe:
            'worker threads for a batch (default: one per core for a batch large enough to repay their start, else this thread)',
        })
        .option('quiet', {
          alias: 'q',
          type: 'boolean',
          default: false,
          describe: 'print only errors and warnings',
        })
        .option('email-to', {
          type: 'string',
          array: true,
          describe: 'also email each brief to these addresses',
          group: 'Email:',
        })
        .option('email-cc', {
          type: 'string',
          array: true,
          describe: 'copy recipients for --email-to',
          group: 'Email:',
        })
        .option('smtp', {
          type: 'string',
          describe: 'SMTP server URL for --email-to (default BRIEFSMITH_SMTP_URL or config)',
          group: 'Email:',
        })
        .example('$0 build article.txt', 'write output/<slug>.pdf')
        .example('$0 build a.md -t executive -o a.pdf', 'another template, a named file')
        .example('$0 build feed.jsonl -o briefs/', 'one brief per record, on every core')
        .example('$0 build feed.jsonl --combine', 'one digest of all the records')
        .example('$0 build a.txt --emit summary', 'print the extracted summary as JSON')
        .example(
          '$0 build feed.jsonl --emit summary',
          'several briefs: JSON Lines, one compact object a line',
        ),
    )
    .command('inspect <input>', 'print the extracted summary to review and edit', (y) =>
      inputOptions(y)
        .positional('input', { type: 'string', describe: 'an article file, or - for stdin' })
        .option('format', {
          choices: ['yaml', 'json'] as const,
          default: 'yaml' as const,
          describe: 'output format',
        }),
    )
    .command(
      'email [input]',
      'email a brief: build it from an article (or take a PDF), attach it, send it or write .eml',
      emailOptions,
    )
    .command('templates', 'list the available templates', (y) =>
      y
        .option('templates-dir', {
          type: 'string',
          array: true,
          default: [],
          describe: 'extra folder of templates',
        })
        .option('format', { choices: ['text', 'json'] as const, default: 'text' as const }),
    )
    .option('strict', {
      type: 'boolean',
      default: false,
      describe: 'treat warnings as errors (exit 3)',
    })
    .option('diagnostics', {
      choices: ['human', 'json'] as const,
      default: 'human' as const,
      describe: 'how to print errors and warnings',
    })
    .option('debug', { type: 'boolean', default: false, describe: 'print stack traces for errors' })
    .demandCommand(1, 'give a command: build, inspect, email or templates')
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version()
    .wrap(Math.min(100, process.stdout.columns || 100))
    .exitProcess(false);
}

/** yargs drops a lone `-` positional, so it travels under another name and is put back after parsing. */
const DASH = '\u0000-';

function restoreDash(value: unknown): unknown {
  if (value === DASH) return '-';
  return Array.isArray(value) ? value.map(restoreDash) : value;
}

/**
 * yargs renders the whole help text after parsing any subcommand, in case the command's
 * handler later fails and wants to show it (~6 ms of a cold start). Our commands run after
 * parsing and print their own errors, so that text is never read: skip making it. `--help`
 * itself is rendered by another path.
 */
function skipHelpCache(cli: Argv): void {
  type Internals = {
    getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } };
  };
  const usage = (cli as unknown as Internals).getInternalMethods?.().getUsageInstance?.();
  if (typeof usage?.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => {};
}

/** The commands, for "did you mean" on a misspelt one. */
const COMMANDS = ['build', 'inspect', 'email', 'templates'];

/** Options that take several values: yargs gives them every word up to the next option. */
const LIST_OPTIONS = /^--(?:set|field|email-to|email-cc|templates-dir|to|cc|bcc|reply-to)$/;

/** The one of `names` closest to `word`, when it is close enough to be what was meant. */
export function closest(word: string, names: readonly string[]): string | undefined {
  const most = Math.max(1, Math.floor(word.length / 3));
  let best: { name: string; d: number } | undefined;
  for (const name of names) {
    const d = editDistance(word.toLowerCase(), name.toLowerCase());
    if (d <= most && (best === undefined || d < best.d)) best = { name, d };
  }
  return best?.name;
}

/** An option as it is typed: `-j` for a one-letter name, `--jobs` otherwise. */
const dashed = (name: string) => (name.length === 1 ? `-${name}` : `--${name}`);

/** Where to read more: the command's own help when there is a command. */
function helpHint(argv: readonly string[]): string {
  return COMMANDS.includes(argv[0] ?? '')
    ? `run \`briefsmith ${argv[0]} --help\` for its inputs and options`
    : 'run `briefsmith --help` for usage';
}

/**
 * yargs' usage errors, said in the user's terms: the option as typed, the nearest known
 * name (`--jbos`: did you mean --jobs?), the command's own `--help`, and why an input went
 * missing when a list option took it.
 */
function usageError(
  argv: readonly string[],
  message: string,
  known: readonly string[],
): UsageError {
  const help = helpHint(argv);
  const unknown = /^Unknown arguments?: (.*)$/.exec(message);
  if (unknown) {
    // yargs names an unknown `--some-flag` twice, as some-flag and someFlag: keep one.
    const listed = unknown[1].split(', ');
    const names = listed.filter(
      (n) =>
        !(/[A-Z]/.test(n) && listed.includes(n.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`))),
    );
    if (argv[0] !== undefined && names[0] === argv[0] && !COMMANDS.includes(argv[0])) {
      const meant = closest(argv[0], COMMANDS);
      return new UsageError('usage', `unknown command \`${argv[0]}\``, {
        hint: meant
          ? `did you mean \`briefsmith ${meant}\`? (\`briefsmith --help\` lists the commands)`
          : `the commands are ${COMMANDS.join(', ')}; run \`briefsmith --help\` for usage`,
      });
    }
    // As typed: `--no-mapp` is reported as `mapp`.
    const asTyped = (n: string) =>
      argv.map((a) => a.replace(/=.*$/, '')).find((a) => a === dashed(n) || a === `--no-${n}`);
    const options = names.filter((n) => asTyped(n) !== undefined);
    const words = names.filter((n) => asTyped(n) === undefined);
    const longNames = known.filter((k) => k.length > 1 && !/[A-Z]/.test(k));
    // The one name it begins (`--out` for --output), else the nearest by edit distance.
    const nearest = (n: string) => {
      if (n.length < 2) return undefined;
      const begun = n.length >= 3 ? longNames.filter((k) => k.startsWith(n)) : [];
      return begun.length === 1 ? begun[0] : closest(n, longNames);
    };
    if (options.length > 0) {
      const suggestions = options
        .map((n) => {
          const meant = nearest(n);
          if (!meant) return '';
          const negated = asTyped(n)?.startsWith('--no-') ? 'no-' : '';
          return `${options.length > 1 ? `${asTyped(n)}: ` : ''}did you mean --${negated}${meant}?`;
        })
        .filter(Boolean);
      return new UsageError(
        'usage',
        `unknown option${options.length > 1 ? 's' : ''} ${options.map(asTyped).join(', ')}${
          words.length ? `, and unexpected ${words.join(' ')}` : ''
        }`,
        { hint: suggestions.length ? `${suggestions.join('; ')} (${help})` : help },
      );
    }
    return new UsageError(
      'usage',
      `unexpected argument${words.length > 1 ? 's' : ''}: ${words.join(' ')}`,
      { hint: help },
    );
  }
  const valueless = /^Not enough arguments following: (\S+)$/.exec(message);
  if (valueless) {
    const name = valueless[1];
    const spelled =
      argv.find((a) => a === dashed(name)) ?? (name === 'j' ? '--jobs' : dashed(name));
    return new UsageError('usage', `${spelled} needs a value`, {
      hint:
        name === 'j' || name === 'jobs'
          ? `give a number of threads, e.g. ${spelled} 2, or leave it out for the default`
          : help,
    });
  }
  if (message.startsWith('Not enough non-option arguments')) {
    const list = argv.findIndex((a, i) => LIST_OPTIONS.test(a) && i < argv.length - 2);
    if (list !== -1) {
      const name = argv[list];
      return new UsageError('usage', 'no input given', {
        hint: `${name} takes every word after it up to the next option: put the inputs before it (\`briefsmith ${argv[0]} a.txt ${name} …\`)`,
      });
    }
    return new UsageError('usage', 'no input given', {
      hint: `name the article: \`briefsmith ${argv[0]} article.txt\` (- reads standard input; ${help})`,
    });
  }
  return new UsageError('usage', message, { hint: help });
}

/** What was typed after `-j`/`--jobs` (the last one given), for a message that quotes it. */
function typedJobs(argv: readonly string[]): string | undefined {
  let typed: string | undefined;
  for (let i = 0; i < argv.length && argv[i] !== '--'; i++) {
    const m = /^(?:-j|--jobs)(?:=(.*)|(.+))?$/.exec(argv[i]);
    if (!m) continue;
    typed = m[1] ?? m[2] ?? argv[i + 1];
  }
  return typed;
}

/**
 * `--jobs` as a number yargs can hand on: the last one given. A word is refused here,
 * where what was typed is still known (yargs has made it NaN).
 */
function checkedJobs(argv: readonly string[], value: unknown): number | undefined {
  const jobs = Array.isArray(value) ? value[value.length - 1] : value;
  if (typeof jobs !== 'number') return undefined;
  if (Number.isNaN(jobs)) {
    throw new UsageError(
      'bad-jobs',
      `--jobs takes a number of threads, not \`${typedJobs(argv)}\``,
      {
        hint: 'e.g. --jobs 2; by default a large batch gets one thread per core',
      },
    );
  }
  return jobs;
}

/** What yargs knows of the options of the command being parsed (its types leave this out). */
interface DeclaredOptions {
  key: Record<string, unknown>;
  array: string[];
  alias: Record<string, string[]>;
}

/**
 * An option that takes one value, given more than once (`-o a.pdf -o b.pdf`): yargs makes
 * a list of it, which no command expects, so it is refused here, named as typed. `--jobs`
 * keeps its last value (`checkedJobs`); yargs gives a repeated flag (`--map --no-map`) its
 * last word.
 */
function repeatedOption(
  argv: readonly string[],
  args: Record<string, unknown>,
  options: DeclaredOptions,
): UsageError | undefined {
  for (const name of Object.keys(options.key)) {
    const value = args[name];
    if (!Array.isArray(value) || options.array.includes(name)) continue;
    if (name === 'jobs' || name === 'j') continue;
    const names = [name, ...(options.alias[name] ?? [])];
    const typed =
      argv.map((a) => a.replace(/=.*$/, '')).find((a) => names.some((n) => a === dashed(n))) ??
      dashed(name);
    const times = value.length === 2 ? 'twice' : `${value.length} times`;
    const hint =
      name === 'output' || name === 'o'
        ? 'give it once: a file for one brief, or a folder for several (`-o briefs/`)'
        : 'give it once';
    return new UsageError('usage', `${typed} is given ${times} (${value.map(String).join(', ')})`, {
      hint,
    });
  }
  return undefined;
}

/** Parses argv without running anything; usage errors become `UsageError`. */
export async function parseArgs(argv: readonly string[]): Promise<ParsedArgs> {
  const words = argv.map((a) => (a === '-' ? DASH : a));
  return new Promise((resolve, reject) => {
    const cli = parser(words);
    skipHelpCache(cli);
    cli.parse(words, {}, (error, parsed, output) => {
      const options = (cli as unknown as { getOptions(): DeclaredOptions }).getOptions();
      if (error) {
        reject(usageError(argv, error.message, Object.keys(options.key)));
        return;
      }
      const args = Object.fromEntries(
        Object.entries(parsed).map(([k, v]) => [k, restoreDash(v)]),
      ) as typeof parsed;
      // `--help` and `--version` print whatever else was typed.
      const repeated = output === '' ? repeatedOption(argv, args, options) : undefined;
      if (repeated) {
        reject(repeated);
        return;
      }
      if (args.jobs !== undefined) {
        try {
          args.jobs = args.j = checkedJobs(argv, args.jobs);
        } catch (e) {
          reject(e);
          return;
        }
      }
      const command = args._[0] === undefined ? undefined : String(args._[0]);
      resolve({ command, args: args as Record<string, unknown>, output });
    });
  });
}
