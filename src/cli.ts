import yargs, { type Argv } from 'yargs';
import { emailOptions } from './commands/email.ts';
import { UsageError } from './diagnostics.ts';
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
      inputOptions(y)
        .positional('inputs', {
          type: 'string',
          array: true,
          describe: 'article files (.txt, .md …), or - for stdin',
        })
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
          describe: "print one stage's output instead of writing a PDF",
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
        .example('$0 build a.txt --emit summary', 'print the extracted summary as JSON'),
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

/** yargs names an unknown `--some-flag` twice, as some-flag and someFlag: keep one. */
function dedupeUnknown(message: string): string {
  return message.replace(/^Unknown arguments?: (.*)$/, (_m, list: string) => {
    const names = list.split(', ');
    const dashed = (n: string) => n.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    const kept = names.filter((n) => !(/[A-Z]/.test(n) && names.includes(dashed(n))));
    return `Unknown argument${kept.length === 1 ? '' : 's'}: ${kept.join(', ')}`;
  });
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

/** Options that take several values: yargs gives them every word up to the next option. */
const LIST_OPTIONS = /^--(?:set|field|email-to|email-cc|templates-dir|to|cc|bcc|reply-to)$/;

/**
 * The hint for a usage error. `build --set k=v a.txt` gives `a.txt` to `--set`, and then
 * there is no input: the hint says why, rather than only where the usage is.
 */
function usageHint(argv: readonly string[], message: string): string {
  const list = argv.findIndex((a, i) => LIST_OPTIONS.test(a) && i < argv.length - 2);
  if (list !== -1 && message.startsWith('Not enough non-option arguments')) {
    const name = argv[list];
    return `${name} takes every word after it up to the next option: put the inputs before it (\`briefsmith ${argv[0]} a.txt ${name} …\`)`;
  }
  return 'run `briefsmith --help` for usage';
}

/** Parses argv without running anything; usage errors become `UsageError`. */
export async function parseArgs(argv: readonly string[]): Promise<ParsedArgs> {
  const words = argv.map((a) => (a === '-' ? DASH : a));
  return new Promise((resolve, reject) => {
    const cli = parser(words);
    skipHelpCache(cli);
    cli.parse(words, {}, (error, parsed, output) => {
      if (error) {
        const hint = usageHint(argv, error.message);
        reject(new UsageError('usage', dedupeUnknown(error.message), { hint }));
        return;
      }
      const args = Object.fromEntries(
        Object.entries(parsed).map(([k, v]) => [k, restoreDash(v)]),
      ) as typeof parsed;
      const command = args._[0] === undefined ? undefined : String(args._[0]);
      resolve({ command, args: args as Record<string, unknown>, output });
    });
  });
}
