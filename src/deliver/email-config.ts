import { join, resolve } from 'node:path';
import { type BriefsmithError, UsageError } from '../diagnostics.ts';
import { parseYamlMapping } from '../ingest/front-matter.ts';
import type { Io } from '../io.ts';
import type { Diagnostic } from '../types.ts';

/**
 * The `email:` section of a Briefsmith config file. Every key is optional; a command-line
 * flag beats the environment, which beats the file.
 *
 * ```yaml
 * email:
 *   smtp: smtps://briefs@mail.example.org     # no password in the URL, please
 *   passwordFile: ~/.config/briefsmith/smtp-password
 *   from: Briefing desk <desk@example.org>
 * ```
 */
export interface EmailConfig {
  /** The file the settings came from, or null when there is none. */
  path: string | null;
  smtp?: string;
  password?: string;
  passwordFile?: string;
  from?: string;
  replyTo?: string;
  insecure?: boolean;
  /** Retries after the first try, for transient failures. */
  retries?: number;
  /** First backoff delay in milliseconds; it doubles on each retry. */
  retryDelay?: number;
  /** Connection and greeting timeout in seconds. */
  timeout?: number;
  /** A PEM file of CA certificates to trust (for a private CA). */
  ca?: string;
  outbox?: string;
}

/** Where config files are looked for, first found wins (unless `BRIEFSMITH_CONFIG` names one). */
export function configCandidates(io: Io): string[] {
  const local = ['briefsmith.config.yaml', 'briefsmith.config.yml', 'briefsmith.config.json'].map(
    (f) => join(io.cwd, f),
  );
  const base = io.env.XDG_CONFIG_HOME || (io.env.HOME ? join(io.env.HOME, '.config') : undefined);
  const user = base
    ? ['config.yaml', 'config.yml', 'config.json'].map((f) => join(base, 'briefsmith', f))
    : [];
  return [...local, ...user];
}

/** `~/x` → `$HOME/x`; other paths resolve against the config file's folder. */
function expandPath(io: Io, path: string, relativeTo: string): string {
  if (path === '~' || path.startsWith('~/')) return join(io.env.HOME ?? '', path.slice(1));
  return resolve(relativeTo, path);
}

const KEYS: Record<keyof Omit<EmailConfig, 'path'>, 'string' | 'boolean' | 'number'> = {
  smtp: 'string',
  password: 'string',
  passwordFile: 'string',
  from: 'string',
  replyTo: 'string',
  insecure: 'boolean',
  retries: 'number',
  retryDelay: 'number',
  timeout: 'number',
  ca: 'string',
  outbox: 'string',
};

/**
 * Reads the `email:` section of the first config file found. A missing file is no error;
 * a malformed one is a usage error pointing at the file. Unknown keys are warnings.
 */
export async function readEmailConfig(
  io: Io,
): Promise<{ config: EmailConfig; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const explicit = io.env.BRIEFSMITH_CONFIG;
  const candidates = explicit ? [resolve(io.cwd, explicit)] : configCandidates(io);
  for (const path of candidates) {
    let text: string;
    try {
      text = new TextDecoder().decode(await io.readFile(path));
    } catch {
      if (explicit) {
        throw new UsageError(
          'no-config',
          `cannot read the config file ${explicit} (BRIEFSMITH_CONFIG)`,
          {
            place: { file: explicit },
          },
        );
      }
      continue;
    }
    let data: Record<string, unknown>;
    try {
      data = parseYamlMapping(text, path, 0, 'config file');
    } catch (error) {
      const e = error as BriefsmithError;
      throw new UsageError('bad-config', e.message, { place: e.place, hint: e.hint });
    }
    const section = data.email;
    if (section === undefined || section === null) return { config: { path }, diagnostics };
    if (typeof section !== 'object' || Array.isArray(section)) {
      throw new UsageError(
        'bad-config',
        'the `email` section of the config file must be a mapping',
        {
          place: { file: path },
        },
      );
    }
    const config: EmailConfig = { path };
    for (const [key, value] of Object.entries(section)) {
      const type = (KEYS as Record<string, string>)[key];
      if (type === undefined) {
        diagnostics.push({
          severity: 'warning',
          code: 'config-key',
          message: `unknown key \`email.${key}\` in the config file`,
          file: path,
          hint: `known keys: ${Object.keys(KEYS).join(', ')}`,
        });
        continue;
      }
      if (value === null || value === undefined) continue;
      if (typeof value !== type) {
        throw new UsageError(
          'bad-config',
          `\`email.${key}\` in the config file must be a ${type}`,
          {
            place: { file: path },
          },
        );
      }
      (config as unknown as Record<string, unknown>)[key] = value;
    }
    const dir = resolve(path, '..');
    for (const key of ['passwordFile', 'ca', 'outbox'] as const) {
      const v = config[key];
      if (v !== undefined) config[key] = expandPath(io, v, dir);
    }
    return { config, diagnostics };
  }
  return { config: { path: null }, diagnostics };
}
