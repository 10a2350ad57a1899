import { basename, extname, relative, resolve } from 'node:path';
import type { Argv } from 'yargs';
import type { ComposeOptions } from '../compose/index.ts';
import type { Mailbox } from '../deliver/email.ts';
import type { EmailConfig } from '../deliver/email-config.ts';
import type { SendHooks, SmtpSettings } from '../deliver/email-smtp.ts';
import {
  asBriefsmithError,
  DeliveryError,
  DiagnosticBag,
  InputError,
  InternalError,
  UsageError,
} from '../diagnostics.ts';
import type { Io } from '../io.ts';
import type { AnalystInput, Article, PublicSummary } from '../types.ts';
import type { CommandResult } from './build.ts';

/*
 * This module is imported by cli.ts for `emailOptions`, so it imports only types and
 * the light diagnostics module at the top; nodemailer, the pipeline and pdfmake load
 * when a command actually runs.
 */

/** The `briefsmith email` command line, parsed. */
export interface EmailArgs {
  /** An article (any format `build` reads), a PDF to attach, or `-` for stdin. */
  input?: string;
  /** A saved .eml to send again (from `output/outbox/`). */
  resend?: string;
  to: string[];
  cc: string[];
  bcc: string[];
  from?: string;
  replyTo: string[];
  subject?: string;
  /** Write the composed message here (`-` for stdout) instead of (or, with `--smtp`, as well as) sending it. */
  eml?: string;
  smtp?: string;
  insecure?: boolean;
  /** Retries after the first try for transient failures (default 2, so 3 tries). */
  retries?: number;
  /** First backoff delay in milliseconds (default 1000), doubling on each retry. */
  retryDelay?: number;
  /** The PDF's template. */
  template: string;
  templatesDir: string[];
  classification?: string;
  tlp?: string;
  set: string[];
  summary?: string;
  date?: string;
  /** Input format, overriding the extension (`build --from`; `--from` is the sender here). */
  inputFormat?: string;
  keepClutter: boolean;
  maxInput?: number;
  portionMarks?: boolean;
  quiet: boolean;
}

/** The yargs builder for `briefsmith email [input]`. */
export function emailOptions(y: Argv): Argv {
  return y
    .positional('input', {
      type: 'string',
      describe: 'an article file, a PDF to attach, or - for stdin',
    })
    .option('to', {
      type: 'string',
      array: true,
      default: [],
      describe: 'recipient (repeat, or separate with commas)',
      group: 'Message:',
    })
    .option('cc', {
      type: 'string',
      array: true,
      default: [],
      describe: 'copy recipient',
      group: 'Message:',
    })
    .option('bcc', {
      type: 'string',
      array: true,
      default: [],
      describe: 'blind copy recipient',
      group: 'Message:',
    })
    .option('from', {
      type: 'string',
      describe: 'sender (default: config email.from, BRIEFSMITH_FROM)',
      group: 'Message:',
    })
    .option('reply-to', {
      type: 'string',
      array: true,
      default: [],
      describe: 'where replies go',
      group: 'Message:',
    })
    .option('subject', {
      type: 'string',
      describe: 'subject (the marking is put in front)',
      group: 'Message:',
    })
    .option('eml', {
      type: 'string',
      describe: 'write the message to this .eml file (- for stdout) instead of sending',
      group: 'Sending:',
    })
    .option('smtp', {
      type: 'string',
      describe:
        'SMTP server: smtp://user@host:587 or smtps://user@host (password from BRIEFSMITH_SMTP_PASSWORD)',
      group: 'Sending:',
    })
    .option('insecure', {
      type: 'boolean',
      describe: 'do not verify the server TLS certificate',
      group: 'Sending:',
    })
    .option('retries', {
      type: 'number',
      describe: 'retries after a transient failure (default 2)',
      group: 'Sending:',
    })
    .option('retry-delay', {
      type: 'number',
      describe: 'first retry delay in ms, doubling each time (default 1000)',
      group: 'Sending:',
    })
    .option('resend', {
      type: 'string',
      describe: 'send a saved .eml again (e.g. from output/outbox/)',
      group: 'Sending:',
    })
    .option('template', {
      alias: 't',
      type: 'string',
      default: 'intel',
      describe: 'template of the attached PDF',
    })
    .option('templates-dir', {
      type: 'string',
      array: true,
      default: [],
      describe: 'extra folder of templates (also for email.hbs)',
    })
    .option('classification', {
      type: 'string',
      describe: 'classification marking (default UNCLASSIFIED)',
    })
    .option('tlp', { type: 'string', describe: 'TLP 2.0 label instead of a classification' })
    .option('portion-marks', {
      type: 'boolean',
      describe: 'mark each paragraph of the PDF, e.g. (U)',
    })
    .option('set', {
      type: 'string',
      array: true,
      default: [],
      describe: 'template variable key=value',
    })
    .option('summary', { type: 'string', describe: 'YAML/JSON summary that overrides extraction' })
    .option('date', {
      type: 'string',
      describe: 'date of the brief; default SOURCE_DATE_EPOCH or now',
    })
    .option('input-format', {
      type: 'string',
      describe: 'input format (overrides the file extension)',
    })
    .option('keep-clutter', {
      type: 'boolean',
      default: false,
      describe: 'do not remove scraped clutter',
    })
    .option('max-input', { type: 'number', describe: 'largest article accepted, in bytes' })
    .option('quiet', {
      alias: 'q',
      type: 'boolean',
      default: false,
      describe: 'print only errors and warnings',
    })
    .example('$0 email article.txt --to desk@example.org --eml out.eml', 'compose only')
    .example(
      '$0 email article.txt --to a@x.org --smtp smtp://me@mail.example.org',
      'build and send',
    )
    .example('$0 email output/brief.pdf --to a@x.org', 'attach an existing PDF')
    .example(
      '$0 email --resend output/outbox/x.eml',
      'send a saved message again',
    ) as unknown as Argv;
}

const list = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)];
const opt = (v: unknown): string | undefined =>
  v === undefined || v === null ? undefined : String(v);
const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;
const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);

/** yargs' parsed arguments → `EmailArgs`. */
export function emailArgsFrom(argv: Record<string, unknown>): EmailArgs {
  return {
    input: opt(argv.input),
    resend: opt(argv.resend),
    to: list(argv.to),
    cc: list(argv.cc),
    bcc: list(argv.bcc),
    from: opt(argv.from),
    replyTo: list(argv.replyTo),
    subject: opt(argv.subject),
    eml: opt(argv.eml),
    smtp: opt(argv.smtp),
    insecure: bool(argv.insecure),
    retries: num(argv.retries),
    retryDelay: num(argv.retryDelay),
    template: opt(argv.template) ?? 'intel',
    templatesDir: list(argv.templatesDir),
    classification: opt(argv.classification),
    tlp: opt(argv.tlp),
    set: list(argv.set),
    summary: opt(argv.summary),
    date: opt(argv.date),
    inputFormat: opt(argv.inputFormat),
    keepClutter: argv.keepClutter === true,
    maxInput: num(argv.maxInput),
    portionMarks: bool(argv.portionMarks),
    quiet: argv.quiet === true,
  };
}

/** Test hooks for `email()`: how to wait between retries (a fake clock records the delays). */
export interface EmailHooks {
  sleep?: SendHooks['sleep'];
}

/** Who a message goes to and how it is sent; shared by `email` and `build --email-to`. */
export interface EmailDelivery {
  to: string[];
  cc?: string[];
  bcc?: string[];
  from?: string;
  replyTo?: string[];
  subject?: string;
  smtp?: string;
  insecure?: boolean;
  retries?: number;
  retryDelay?: number;
  /** Folders searched for `email.hbs` before the built-in one. */
  templatesDir?: string[];
  quiet?: boolean;
  /** Test hook: how to wait between retries. */
  sleep?: SendHooks['sleep'];
}

/** Validated people and settings, ready to compose and send. */
interface Prepared {
  to: Mailbox[];
  cc: Mailbox[];
  bcc: Mailbox[];
  from: Mailbox;
  replyTo: Mailbox[];
  smtp: SmtpSettings | null;
  config: EmailConfig;
}

const FALLBACK_FROM = 'Briefsmith <briefsmith@localhost>';

/**
 * Checks addresses and SMTP settings before anything is built, so a typo costs no render.
 * `needSmtp` makes a missing server a usage error.
 */
async function prepare(
  io: Io,
  d: EmailDelivery,
  needSmtp: boolean,
  bag: DiagnosticBag,
): Promise<Prepared> {
  const { parseAddresses } = await import('../deliver/email.ts');
  const { readEmailConfig } = await import('../deliver/email-config.ts');
  const { resolveSmtpSettings } = await import('../deliver/email-smtp.ts');
  const { config, diagnostics } = await readEmailConfig(io);
  bag.addAll(diagnostics);
  const to = parseAddresses(d.to, '--to');
  if (to.length === 0) {
    throw new UsageError('no-recipient', 'no recipient: give at least one --to address', {
      hint: 'briefsmith email article.txt --to desk@example.org',
    });
  }
  const cc = parseAddresses(d.cc ?? [], '--cc');
  const bcc = parseAddresses(d.bcc ?? [], '--bcc');
  const fromText = d.from ?? config.from ?? io.env.BRIEFSMITH_FROM;
  const from = parseAddresses([fromText ?? FALLBACK_FROM], '--from');
  if (from.length !== 1) throw new UsageError('bad-address', 'give exactly one --from address');
  const replyTo = parseAddresses(
    d.replyTo?.length ? d.replyTo : config.replyTo ? [config.replyTo] : [],
    '--reply-to',
  );
  let smtp: SmtpSettings | null = null;
  if (needSmtp) {
    const resolved = await resolveSmtpSettings(
      io,
      { smtp: d.smtp, insecure: d.insecure, retries: d.retries, retryDelay: d.retryDelay },
      config,
    );
    bag.addAll(resolved.diagnostics);
    smtp = resolved.settings;
    if (!smtp) {
      throw new UsageError('no-smtp', 'no SMTP server is configured', {
        hint: 'give --smtp smtp://user@host:587, set BRIEFSMITH_SMTP_URL, or add email.smtp to briefsmith.config.yaml; or write the message to a file with --eml FILE',
      });
    }
    if (fromText === undefined) {
      bag.warn(
        'no-sender',
        `no --from address: sending as ${FALLBACK_FROM}, which servers may refuse`,
        {
          hint: 'give --from, set BRIEFSMITH_FROM, or add email.from to the config file',
        },
      );
    }
  }
  return { to, cc, bcc, from: from[0], replyTo, smtp, config };
}

/** A path for messages: relative to the working directory when that is shorter. */
function shown(io: Io, path: string): string {
  const rel = relative(io.cwd, path);
  return rel && !rel.startsWith('..') ? rel : path;
}

/** The subject: `--subject` or the title, with the marking in front unless it is there already. */
function subjectFor(
  label: string | null,
  title: string,
  given: string | undefined,
  subjectLine: (l: string | null, t: string) => string,
): string {
  if (given === undefined) return subjectLine(label, title);
  return label && given.trim().startsWith(`[${label}]`) ? given.trim() : subjectLine(label, given);
}

/** What is being mailed: a built brief or an existing PDF. */
interface Attachable {
  pdf: Uint8Array;
  slug: string;
  article?: Article;
  summary?: PublicSummary;
  /** Title for a message without an article. */
  title: string;
  compose: ComposeOptions;
}

/** Renders the body and builds the .eml of one message. */
async function composeMessage(
  io: Io,
  item: Attachable,
  people: Prepared,
  d: EmailDelivery,
  bag: DiagnosticBag,
) {
  const { composeEml, renderEmailBody, subjectLine } = await import('../deliver/email.ts');
  const { loadTemplate } = await import('../compose/template.ts');
  const template = await loadTemplate('email', d.templatesDir ?? []);
  const filename = `${item.slug}.pdf`;
  const body = await renderEmailBody(
    {
      ...(item.article ? { article: item.article } : {}),
      ...(item.summary ? { summary: item.summary } : {}),
      title: item.title,
      compose: item.compose,
      attachment: { filename, size: item.pdf.byteLength },
    },
    template,
  );
  bag.addAll(body.diagnostics);
  const subject = subjectFor(body.label, body.title, d.subject, subjectLine);
  const eml = await composeEml(
    {
      from: people.from,
      replyTo: people.replyTo,
      to: people.to,
      cc: people.cc,
      bcc: people.bcc,
      subject,
      text: body.text,
      html: body.html,
      attachment: { filename, content: item.pdf },
    },
    { date: io.now() },
  );
  return { eml, subject };
}

/**
 * Sends a composed message. On failure it is saved to the outbox and a DeliveryError says
 * where and how to resend it; a partly rejected recipient list fails the same way.
 */
async function transmit(
  io: Io,
  eml: Uint8Array,
  slug: string,
  smtp: SmtpSettings,
  people: Prepared | null,
  d: Pick<EmailDelivery, 'quiet' | 'sleep'>,
  bag: DiagnosticBag,
  outboxCopy: string | null,
  envelopeTo?: string[],
): Promise<void> {
  const { envelopeOf, saveToOutbox, withoutBcc } = await import('../deliver/email.ts');
  const { redact, secretsOf, SendFailure, sendRaw } = await import('../deliver/email-smtp.ts');
  const secrets = secretsOf(smtp);
  const envelope = envelopeOf(eml);
  if (envelopeTo?.length) envelope.to = envelopeTo;
  if (people) envelope.from = people.from.address;
  const keep = async () => {
    if (outboxCopy) return outboxCopy;
    return shown(io, await saveToOutbox(io, slug, eml, people?.config.outbox));
  };
  const hooks: SendHooks = {
    onRetry: (f, attempt, delay) =>
      bag.add({
        severity: 'note',
        code: 'smtp-retry',
        message: `try ${attempt} of ${smtp.retries + 1} failed (${f.message}); trying again in ${delay} ms`,
      }),
    ...(d.sleep ? { sleep: d.sleep } : {}),
  };
  let result: Awaited<ReturnType<typeof sendRaw>>;
  try {
    result = await sendRaw(withoutBcc(eml), envelope, smtp, hooks);
  } catch (error) {
    if (!(error instanceof SendFailure)) {
      // Not a sorted SMTP failure: still keep the message, and print nothing secret.
      const where = await keep();
      throw new DeliveryError(
        'smtp-failed',
        redact(
          `sending failed: ${(error as Error)?.message ?? error}; the message is saved to ${where}`,
          secrets,
        ),
        {
          hint: `send it again with: briefsmith email --resend ${where}`,
        },
      );
    }
    const where = await keep();
    const tries = error.attempts > 1 ? ` after ${error.attempts} tries` : '';
    throw new DeliveryError(
      `smtp-${error.kind}`,
      `${error.message}${tries}; the message is ${outboxCopy ? 'still' : 'saved'} in ${where}`,
      {
        hint: `${error.hint}; then send it again with: briefsmith email --resend ${where}`,
        place: { file: where },
      },
    );
  }
  if (result.rejected.length > 0) {
    const where = await keep();
    const bad = result.rejected.map((r) => `${r.address} (${r.reply})`).join(', ');
    throw new DeliveryError(
      'smtp-rejected',
      redact(
        `sent to ${result.accepted.join(', ')}, but the SMTP server ${smtp.display} rejected ${bad}; the message is ${outboxCopy ? 'still' : 'saved'} in ${where}`,
        secrets,
      ),
      {
        hint: `correct the address, then send to it alone: briefsmith email --resend ${where} --to ${result.rejected.map((r) => r.address).join(',')}`,
        place: { file: where },
      },
    );
  }
  if (!d.quiet) {
    io.stderr.write(
      `sent to ${result.accepted.join(', ')} via ${smtp.display}${result.attempts > 1 ? ` (try ${result.attempts})` : ''}\n`,
    );
  }
}

/** An existing PDF's title: its file name without the extension, words restored. */
function titleFromFileName(path: string): string {
  const words = basename(path, extname(path)).replace(/[-_]+/g, ' ').trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : 'Brief';
}

const isPdf = (bytes: Uint8Array) =>
  Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-';

/** `briefsmith email --resend FILE`: a saved message, sent again as it is. */
async function resend(
  args: EmailArgs,
  io: Io,
  bag: DiagnosticBag,
  hooks: EmailHooks,
): Promise<void> {
  const { parseAddresses } = await import('../deliver/email.ts');
  const { readEmailConfig } = await import('../deliver/email-config.ts');
  const { resolveSmtpSettings } = await import('../deliver/email-smtp.ts');
  if (args.input)
    throw new UsageError(
      'resend-input',
      'give either an input to email or --resend FILE, not both',
    );
  const path = resolve(io.cwd, args.resend ?? '');
  let eml: Uint8Array;
  try {
    eml = await io.readFile(path);
  } catch {
    throw new InputError('no-such-file', `cannot read ${args.resend}`, {
      place: { file: args.resend },
    });
  }
  const override = [...args.to, ...args.cc, ...args.bcc];
  const envelopeTo = parseAddresses(override, '--to').map((m) => m.address);
  const { config, diagnostics } = await readEmailConfig(io);
  bag.addAll(diagnostics);
  const resolved = await resolveSmtpSettings(
    io,
    {
      smtp: args.smtp,
      insecure: args.insecure,
      retries: args.retries,
      retryDelay: args.retryDelay,
    },
    config,
  );
  bag.addAll(resolved.diagnostics);
  if (!resolved.settings) {
    throw new UsageError('no-smtp', 'no SMTP server is configured to resend with', {
      hint: 'give --smtp smtp://user@host:587, set BRIEFSMITH_SMTP_URL, or add email.smtp to briefsmith.config.yaml',
    });
  }
  const { envelopeOf } = await import('../deliver/email.ts');
  const envelope = envelopeOf(eml);
  if (!envelope.from || (envelope.to.length === 0 && envelopeTo.length === 0)) {
    throw new InputError('bad-eml', `${args.resend} has no From or no recipients`, {
      place: { file: args.resend },
    });
  }
  await transmit(
    io,
    eml,
    basename(path, '.eml'),
    resolved.settings,
    null,
    { quiet: args.quiet, ...hooks },
    bag,
    shown(io, path),
    envelopeTo,
  );
}

/**
 * `briefsmith email`: build a brief from an article (or take an existing PDF), compose a
 * message with it attached, and write it as .eml and/or send it over SMTP. A message
 * that cannot be sent is saved to `output/outbox/` for `--resend`.
 */
export async function email(
  args: EmailArgs,
  io: Io,
  hooks: EmailHooks = {},
): Promise<CommandResult> {
  const bag = new DiagnosticBag();
  try {
    await emailCommand(args, io, bag, hooks);
    return { diagnostics: bag, exitCode: 0 };
  } catch (error) {
    const e = asBriefsmithError(error);
    if (e instanceof InternalError) throw e;
    bag.add(e.toDiagnostic());
    return { diagnostics: bag, exitCode: e.exitCode };
  }
}

async function emailCommand(
  args: EmailArgs,
  io: Io,
  bag: DiagnosticBag,
  hooks: EmailHooks,
): Promise<void> {
  if (args.resend) return resend(args, io, bag, hooks);
  if (!args.input) {
    throw new UsageError('no-input', 'give an article or a PDF to email, or --resend FILE', {
      hint: 'briefsmith email article.txt --to desk@example.org --eml out.eml',
    });
  }
  const delivery: EmailDelivery = { ...args, ...(hooks.sleep ? { sleep: hooks.sleep } : {}) };
  const needSmtp = args.eml === undefined || args.smtp !== undefined;
  const people = await prepare(io, delivery, needSmtp, bag);

  const { readInput, loadArticles, parseSets, readSummaryFile, resolveDate } = await import(
    './common.ts'
  );
  const { slugify } = await import('../deliver/index.ts');
  const compose: ComposeOptions = {
    date: resolveDate(io, args.date),
    classification: args.classification ?? null,
    tlp: args.tlp ?? null,
    vars: parseSets(args.set, args.input === undefined ? [] : [args.input], 'email'),
    ...(args.portionMarks === undefined ? {} : { portionMarks: args.portionMarks }),
  };

  let item: Attachable;
  const looksPdf = extname(args.input).toLowerCase() === '.pdf';
  const bytes = looksPdf ? await readInput(io, args.input) : undefined;
  if (bytes && !isPdf(bytes)) {
    throw new InputError('not-a-pdf', `${args.input} does not start like a PDF file`, {
      place: { file: args.input },
    });
  }
  if (bytes) {
    if (args.classification === undefined && args.tlp === undefined) {
      bag.warn(
        'pdf-marking',
        `the marking of ${basename(args.input)} is not known; the message is marked UNCLASSIFIED`,
        {
          file: args.input,
          hint: 'pass --classification or --tlp to match the brief',
        },
      );
    }
    const title = args.subject ?? titleFromFileName(args.input);
    item = { pdf: bytes, slug: slugify(basename(args.input, extname(args.input))), title, compose };
  } else {
    const analyst: AnalystInput = args.summary ? await readSummaryFile(io, args.summary) : {};
    const { articles, diagnostics } = await loadArticles(
      io,
      args.input,
      { from: args.inputFormat, keepClutter: args.keepClutter, maxInput: args.maxInput },
      analyst,
    );
    bag.addAll(diagnostics);
    if (articles.length !== 1) {
      throw new UsageError(
        'email-many',
        `${args.input} holds ${articles.length} articles; email sends one brief at a time`,
        {
          hint: 'split the input, or use build to make the PDFs',
        },
      );
    }
    const { loadTemplate } = await import('../compose/template.ts');
    const { runPipeline } = await import('../pipeline.ts');
    const template = await loadTemplate(args.template, args.templatesDir);
    const products = await runPipeline(articles[0], template, compose, bag);
    if (!products.pdf || !products.summary)
      throw new InternalError('no-pdf', 'the pipeline produced no PDF');
    const title = products.summary.title ?? articles[0].meta.title ?? 'Untitled article';
    item = {
      pdf: products.pdf,
      slug: slugify(title),
      article: articles[0],
      summary: products.summary,
      title,
      compose,
    };
  }

  const { eml } = await composeMessage(io, item, people, delivery, bag);
  if (args.eml !== undefined) {
    if (args.eml === '-') {
      io.stdout.write(eml);
    } else {
      const { deliver } = await import('../deliver/index.ts');
      const path = resolve(io.cwd, args.eml);
      await deliver(io, { kind: 'file', path }, eml);
      if (!args.quiet) io.stderr.write(`wrote ${shown(io, path)}\n`);
    }
  }
  if (people.smtp) await transmit(io, eml, item.slug, people.smtp, people, delivery, bag, null);
}

/** Checks a `build --email-to` delivery up front (addresses, SMTP settings) so a typo fails before any build. */
export async function validateEmailDelivery(io: Io, delivery: EmailDelivery): Promise<void> {
  await prepare(io, delivery, true, new DiagnosticBag());
}

/**
 * Emails a brief `build` has just made: the same message `briefsmith email` sends, with
 * the PDF attached. Throws UsageError for bad addresses or a missing server and
 * DeliveryError when sending fails (the message is then in the outbox).
 */
export async function sendBriefByEmail(
  io: Io,
  brief: { article: Article; summary?: PublicSummary; pdf?: Uint8Array },
  compose: ComposeOptions,
  delivery: EmailDelivery,
  bag: DiagnosticBag,
): Promise<void> {
  if (!brief.pdf || !brief.summary)
    throw new InternalError('no-pdf', 'sendBriefByEmail needs a built brief (summary and pdf)');
  const { slugify } = await import('../deliver/index.ts');
  const people = await prepare(io, delivery, true, bag);
  const title = brief.summary.title ?? brief.article.meta.title ?? 'Untitled article';
  const item: Attachable = {
    pdf: brief.pdf,
    slug: slugify(title),
    article: brief.article,
    summary: brief.summary,
    title,
    compose,
  };
  const { eml } = await composeMessage(io, item, people, delivery, bag);
  if (!people.smtp) throw new InternalError('no-smtp', 'prepare() returned no SMTP settings');
  await transmit(io, eml, item.slug, people.smtp, people, delivery, bag, null);
}
