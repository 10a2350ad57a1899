import { relative } from 'node:path';
import { listTemplates } from '../compose/template.ts';
import { DiagnosticBag } from '../diagnostics.ts';
import type { Io } from '../io.ts';
import type { CommandResult } from './build.ts';

/** `briefsmith templates`: every template with its audience, description and path. */
export async function templates(
  args: { templatesDir: string[]; format: 'text' | 'json' },
  io: Io,
): Promise<CommandResult> {
  const list = await listTemplates(args.templatesDir);
  const rows = list.map((t) => ({
    kind: t.kind === 'email' ? 'email body' : t.digest ? 'digest (--combine)' : 'brief',
    name: t.name,
    audience: t.audience,
    description: t.description,
    path: relative(io.cwd, t.path) || t.path,
  }));
  if (args.format === 'json') {
    io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  } else {
    const width = Math.max(...rows.map((r) => r.name.length), 4);
    for (const r of rows) {
      io.stdout.write(
        `${r.name.padEnd(width)}  ${r.description}\n${' '.repeat(width)}  ${r.kind}; audience: ${r.audience || '—'}; ${r.path}\n`,
      );
    }
  }
  return { diagnostics: new DiagnosticBag(), exitCode: 0 };
}
