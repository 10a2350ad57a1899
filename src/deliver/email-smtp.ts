import { rootCertificates } from 'node:tls';
import nodemailer from 'nodemailer';
import { UsageError } from '../diagnostics.ts';
import type { Io } from '../io.ts';
import type { Diagnostic } from '../types.ts';
import type { EmailConfig } from './email-config.ts';

/**
 * Email delivery, the sending half: SMTP settings from flag, environment or config file,
 * nodemailer's SMTP transport with retries, failures sorted into kinds a person can act
 * on, and `redact()` so no credential is ever printed.
 */

/** How STARTTLS is used on an `smtp://` connection (`smtps://` is TLS from the first byte). */
export type StartTls = 'required' | 'opportunistic' | 'never';

/** A resolved SMTP configuration. */
export interface SmtpSettings {
  host: string;
  port: number;
  /** Implicit TLS (`smtps://`). */
  secure: boolean;
  starttls: StartTls;
  user?: string;
  password?: string;
  /** Skip certificate verification (`--insecure`). */
  insecure: boolean;
  /** Extra CA certificates (PEM) to trust. */
  ca?: Uint8Array;
  /** Connection and greeting timeout; the idle-socket timeout is twice this. */
  timeoutMs: number;
  /** Retries after the first try, for transient failures only. */
  retries: number;
  /** First backoff delay; it doubles on each retry, up to 30 s. */
  retryDelayMs: number;
  /** The server as it may be printed: `smtp://user@host:587`, never with a password. */
  display: string;
  /** Where the URL came from: `--smtp`, `BRIEFSMITH_SMTP_URL` or a config file path. */
  source: string;
}

/** Command-line settings; each beats the environment and the config file. */
export interface SmtpFlags {
  smtp?: string;
  insecure?: boolean;
  retries?: number;
  retryDelay?: number;
}

export const DEFAULT_RETRIES = 2;
export const DEFAULT_RETRY_DELAY_MS = 1000;
export const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_DELAY_MS = 30_000;

/**
 * Replaces every credential in a text with `***`: the secrets given (as written,
 * URL-encoded and base64-encoded, the forms SMTP and URLs carry them in) and any password
 * in a `scheme://user:password@host` URL. Every message this module produces goes through it.
 */
export function redact(text: string, secrets: readonly (string | null | undefined)[] = []): string {
  let out = text.replace(/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*):[^\s/@]*@/gi, '$1:***@');
  const forms = new Set<string>();
  for (const s of secrets) {
    if (!s) continue;
    forms.add(s);
    forms.add(encodeURIComponent(s));
    forms.add(Buffer.from(s).toString('base64'));
  }
  // Longest first, so a secret inside another's encoding cannot leave a tail behind.
  for (const f of [...forms].sort((a, b) => b.length - a.length)) out = out.split(f).join('***');
  return out;
}

/** The secrets of these settings, in the forms they can appear in (AUTH PLAIN sends user and password together). */
export function secretsOf(
  settings: Pick<SmtpSettings, 'user' | 'password'> | null | undefined,
): string[] {
  if (!settings?.password) return [];
  const plain = Buffer.from(`\0${settings.user ?? ''}\0${settings.password}`).toString('base64');
  return [settings.password, plain];
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|::1)$/i;

/**
 * Parses `smtp://[user[:password]@]host[:port][?starttls=…&timeout=SECONDS]` or `smtps://…`.
 * `smtp://` defaults to port 587, `smtps://` to 465. Passwords in the URL work but are
 * discouraged (they end up in shell history); the message never shows them.
 */
export function parseSmtpUrl(
  text: string,
  source: string,
): Omit<SmtpSettings, 'insecure' | 'retries' | 'retryDelayMs' | 'source' | 'ca'> & {
  timeoutMs?: number;
} {
  const bad = (why: string) =>
    new UsageError(
      'bad-smtp-url',
      `\`${redact(text)}\` (${source}) is not a usable SMTP URL: ${why}`,
      {
        hint: 'write smtp://user@mail.example.org:587 (STARTTLS) or smtps://user@mail.example.org (TLS, port 465)',
      },
    );
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw bad('it does not parse as a URL');
  }
  const secure = url.protocol === 'smtps:';
  if (!secure && url.protocol !== 'smtp:')
    throw bad(`the scheme must be smtp:// or smtps://, not ${url.protocol}//`);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!host) throw bad('it names no host');
  const port = url.port ? Number(url.port) : secure ? 465 : 587;
  const user = url.username ? decodeURIComponent(url.username) : undefined;
  const password = url.password ? decodeURIComponent(url.password) : undefined;
  let starttls: StartTls | undefined;
  let timeoutMs: number | undefined;
  for (const [key, value] of url.searchParams) {
    if (key === 'starttls') {
      if (value !== 'required' && value !== 'opportunistic' && value !== 'never') {
        throw bad('starttls must be required, opportunistic or never');
      }
      starttls = value;
    } else if (key === 'timeout') {
      const seconds = Number(value);
      if (!(seconds > 0)) throw bad('timeout must be a positive number of seconds');
      timeoutMs = seconds * 1000;
    } else {
      throw bad(`unknown parameter \`${key}\` (known: starttls, timeout)`);
    }
  }
  // A password never crosses a network in the clear unless asked to: with a login and a
  // host that is not this machine, STARTTLS is required by default.
  starttls ??= user && !LOOPBACK.test(host) ? 'required' : 'opportunistic';
  const display = `${url.protocol}//${user ? `${encodeURIComponent(user)}@` : ''}${url.host}${url.port ? '' : `:${port}`}`;
  return {
    host,
    port,
    secure,
    starttls,
    user,
    password,
    display,
    timeoutMs: timeoutMs ?? DEFAULT_TIMEOUT_MS,
  };
}

async function readSecretFile(io: Io, path: string, what: string): Promise<Uint8Array> {
  try {
    return await io.readFile(path);
  } catch {
    throw new UsageError('no-secret-file', `cannot read ${what} ${path}`, {
      place: { file: path },
    });
  }
}

/**
 * The SMTP settings: the URL from `--smtp`, else `BRIEFSMITH_SMTP_URL`, else the config
 * file's `email.smtp`; the password from the URL, else `BRIEFSMITH_SMTP_PASSWORD`, else the
 * config's `password` or `passwordFile`. Null when no server is configured at all.
 */
export async function resolveSmtpSettings(
  io: Io,
  flags: SmtpFlags,
  config: EmailConfig,
): Promise<{ settings: SmtpSettings | null; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const env = io.env;
  const [url, source] = flags.smtp
    ? [flags.smtp, '--smtp']
    : env.BRIEFSMITH_SMTP_URL
      ? [env.BRIEFSMITH_SMTP_URL, 'BRIEFSMITH_SMTP_URL']
      : [config.smtp, config.path ?? 'config file'];
  if (!url) return { settings: null, diagnostics };
  const parsed = parseSmtpUrl(url, source);
  if (parsed.password && source === '--smtp') {
    diagnostics.push({
      severity: 'warning',
      code: 'password-on-command-line',
      message:
        'the --smtp URL carries a password, which other users can see in the process list and shell history',
      hint: 'set BRIEFSMITH_SMTP_PASSWORD or `email.passwordFile` in the config file instead',
    });
  }
  let password = parsed.password ?? (env.BRIEFSMITH_SMTP_PASSWORD || undefined) ?? config.password;
  if (password === undefined && config.passwordFile) {
    password = new TextDecoder()
      .decode(await readSecretFile(io, config.passwordFile, 'the password file'))
      .replace(/\r?\n$/, '');
  }
  if (parsed.user && !password) {
    throw new UsageError(
      'no-smtp-password',
      `the SMTP server ${parsed.display} names user \`${parsed.user}\` but no password is set`,
      {
        hint: 'set BRIEFSMITH_SMTP_PASSWORD, or `email.password`/`email.passwordFile` in the config file',
      },
    );
  }
  if (password && parsed.starttls === 'never' && !parsed.secure && !LOOPBACK.test(parsed.host)) {
    diagnostics.push({
      severity: 'warning',
      code: 'smtp-cleartext',
      message: `starttls=never: the password for ${parsed.display} is sent unencrypted`,
      hint: 'use smtps:// or drop starttls=never',
    });
  }
  const retries = flags.retries ?? config.retries ?? DEFAULT_RETRIES;
  if (!Number.isInteger(retries) || retries < 0 || retries > 20) {
    throw new UsageError(
      'bad-retries',
      `--retries must be a whole number from 0 to 20, not ${retries}`,
    );
  }
  const retryDelayMs = flags.retryDelay ?? config.retryDelay ?? DEFAULT_RETRY_DELAY_MS;
  if (!(retryDelayMs >= 0))
    throw new UsageError('bad-retry-delay', `--retry-delay must be 0 or more milliseconds`);
  const caPath = env.BRIEFSMITH_SMTP_CA || config.ca;
  // A ?timeout= in the URL beats the config file's `timeout`.
  const urlTimeout = new URL(url).searchParams.has('timeout');
  const settings: SmtpSettings = {
    ...parsed,
    password,
    timeoutMs:
      urlTimeout || config.timeout === undefined ? parsed.timeoutMs : config.timeout * 1000,
    insecure: flags.insecure ?? config.insecure ?? false,
    retries,
    retryDelayMs,
    source,
    ...(caPath ? { ca: await readSecretFile(io, caPath, 'the CA file') } : {}),
  };
  return { settings, diagnostics };
}

/** What kind of failure a send was: each has its own message and advice. */
export type FailureKind =
  | 'refused'
  | 'timeout'
  | 'dns'
  | 'auth'
  | 'tls'
  | 'rejected'
  | 'size'
  | 'protocol';

/** A send that did not go through, sorted and worded for a person; messages are already redacted. */
export class SendFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly hint: string,
    readonly transient: boolean,
    readonly attempts: number,
    /** Recipients the server refused, when that is the failure. */
    readonly rejected: string[] = [],
  ) {
    super(message);
    this.name = 'SendFailure';
  }
}

/** The parts of a nodemailer error this module reads. */
interface MailerError extends Error {
  code?: string;
  originalCode?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  permanent?: boolean;
  rejected?: string[];
  timeoutType?: string;
}

const TLS_CODE = /^(CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_|ERR_SSL_|ERR_TLS_|HOSTNAME_MISMATCH)/;

/** Sorts a nodemailer error into a kind, a message and a hint. Nothing returned contains a secret. */
export function classifyError(
  error: unknown,
  settings: SmtpSettings,
  attempts: number,
): SendFailure {
  const e = error as MailerError;
  const secrets = secretsOf(settings);
  const server = settings.display;
  const reply = e.response ? redact(e.response.trim(), secrets) : '';
  const detail = redact(reply || e.message || String(error), secrets).trim();
  const original = e.originalCode ?? '';
  const make = (
    kind: FailureKind,
    message: string,
    hint: string,
    transient: boolean,
    rejected: string[] = [],
  ) =>
    new SendFailure(
      kind,
      redact(message, secrets),
      redact(hint, secrets),
      transient,
      attempts,
      rejected,
    );

  if (e.code === 'EAUTH' || e.code === 'ENOAUTH' || e.responseCode === 530) {
    return make(
      'auth',
      settings.user
        ? `the SMTP server ${server} refused the login for \`${settings.user}\` (${detail})`
        : `the SMTP server ${server} requires a login (${detail})`,
      settings.user
        ? 'check the user name and BRIEFSMITH_SMTP_PASSWORD (or the config file password)'
        : 'put the user in the URL (smtp://user@host) and set BRIEFSMITH_SMTP_PASSWORD',
      false,
    );
  }
  if (
    e.code === 'ETLS' ||
    TLS_CODE.test(original) ||
    /certificate|SSL routines|\bTLS\b/.test(e.message ?? '')
  ) {
    const wrongProtocol = /wrong version number|WRONG_VERSION/i.test(`${original} ${e.message}`);
    return make(
      'tls',
      `TLS with ${server} failed: ${detail}`,
      wrongProtocol
        ? 'smtps:// expects TLS from the first byte (usually port 465); for STARTTLS on port 587 use smtp://'
        : e.command === 'STARTTLS' || /STARTTLS/.test(e.message ?? '')
          ? 'the server does not offer STARTTLS: use smtps:// if it has a TLS port, or ?starttls=opportunistic to allow a plain connection'
          : 'the server certificate was not accepted; set BRIEFSMITH_SMTP_CA (or email.ca) for a private CA, or pass --insecure to skip the check (not for production)',
      false,
    );
  }
  if (original === 'ECONNREFUSED') {
    return make(
      'refused',
      `the SMTP server ${server} refused the connection`,
      'check the host and port, and that the server is running',
      true,
    );
  }
  if (e.code === 'ETIMEDOUT' || original === 'ETIMEDOUT') {
    return make(
      'timeout',
      `the SMTP server ${server} did not answer in time (${e.timeoutType ?? 'timeout'} after ${settings.timeoutMs / 1000} s)`,
      'check the host and port, and any firewall; raise the limit with ?timeout=SECONDS in the URL',
      true,
    );
  }
  if (e.code === 'EDNS' || original === 'ENOTFOUND' || original === 'EAI_AGAIN') {
    return make(
      'dns',
      `cannot find the SMTP host \`${settings.host}\` (${detail})`,
      'check the host name in the SMTP URL',
      original === 'EAI_AGAIN',
    );
  }
  if (e.code === 'EENVELOPE' && e.command === 'RCPT TO') {
    const rejected = e.rejected ?? [];
    return make(
      'rejected',
      `the SMTP server ${server} rejected ${rejected.length === 1 ? 'the recipient' : 'every recipient'} ${rejected.join(', ')} (${detail})`,
      'check the addresses; the server may not relay to them for this sender',
      e.permanent === false,
      rejected,
    );
  }
  if (e.responseCode === 552 || (e.code === 'EMESSAGE' && /size/i.test(detail))) {
    return make(
      'size',
      `the SMTP server ${server} refused the message as too large (${detail})`,
      'the PDF is too big for this server; send a link instead',
      false,
    );
  }
  const transient =
    ['ECONNECTION', 'ESOCKET'].includes(e.code ?? '') ||
    ['ECONNRESET', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH'].includes(original) ||
    (e.responseCode !== undefined && e.responseCode >= 400 && e.responseCode < 500);
  return make(
    'protocol',
    `sending through ${server} failed${e.command ? ` at ${e.command}` : ''}: ${detail}`,
    transient
      ? 'this looks temporary; try again later'
      : 'the server refused the message; its reply above says why',
    transient,
  );
}

/** What the server accepted. */
export interface SendResult {
  accepted: string[];
  /** Recipients refused while others were accepted: the message went, but not to them. */
  rejected: { address: string; reply: string }[];
  response: string;
  attempts: number;
}

/** Hooks for sending: how to wait between tries (tests pass a fake clock) and a note per retry. */
export interface SendHooks {
  sleep?: (ms: number) => Promise<void>;
  onRetry?: (failure: SendFailure, attempt: number, delayMs: number) => void;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** nodemailer's transport options for these settings. */
function transportOptions(settings: SmtpSettings) {
  return {
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    requireTLS: !settings.secure && settings.starttls === 'required',
    ignoreTLS: !settings.secure && settings.starttls === 'never',
    ...(settings.user ? { auth: { user: settings.user, pass: settings.password ?? '' } } : {}),
    tls: {
      rejectUnauthorized: !settings.insecure,
      // A given `ca` replaces Node's root store; keep the public roots alongside the private CA.
      ...(settings.ca
        ? { ca: [...rootCertificates, Buffer.from(settings.ca).toString('utf8')] }
        : {}),
    },
    connectionTimeout: settings.timeoutMs,
    greetingTimeout: settings.timeoutMs,
    socketTimeout: settings.timeoutMs * 2,
    // Logging is off so no transcript (with AUTH lines) can reach a terminal.
    logger: false,
    debug: false,
  };
}

/**
 * Sends a raw message (already without its Bcc header) to an envelope, retrying transient
 * failures (connection refused, timeouts, 4xx replies) with exponential backoff. Throws a
 * `SendFailure` when it gives up.
 */
export async function sendRaw(
  raw: Uint8Array,
  envelope: { from: string; to: string[] },
  settings: SmtpSettings,
  hooks: SendHooks = {},
): Promise<SendResult> {
  const sleep = hooks.sleep ?? defaultSleep;
  const tries = settings.retries + 1;
  for (let attempt = 1; ; attempt++) {
    const transport = nodemailer.createTransport(transportOptions(settings));
    try {
      const info = await transport.sendMail({ raw: Buffer.from(raw), envelope });
      const errors = (info as { rejectedErrors?: MailerError[] }).rejectedErrors ?? [];
      return {
        accepted: info.accepted.map(String),
        rejected: info.rejected.map((r) => {
          const address = String(r);
          const err = errors.find((x) => (x as { recipient?: string }).recipient === address);
          return {
            address,
            reply: redact(err?.response ?? err?.message ?? 'rejected', secretsOf(settings)),
          };
        }),
        response: redact(String(info.response ?? ''), secretsOf(settings)),
        attempts: attempt,
      };
    } catch (error) {
      const failure = classifyError(error, settings, attempt);
      if (!failure.transient || attempt >= tries) throw failure;
      const delay = Math.min(settings.retryDelayMs * 2 ** (attempt - 1), MAX_DELAY_MS);
      hooks.onRetry?.(failure, attempt, delay);
      await sleep(delay);
    } finally {
      transport.close();
    }
  }
}
