import { parseDocument } from 'yaml';
import { InputError } from '../diagnostics.ts';

/** A document split at its front-matter fence. */
export interface FrontMatter {
  /** The parsed YAML mapping; empty when the document has none. */
  data: Record<string, unknown>;
  /** The text after the closing fence. */
  body: string;
  /** Offset of `body` in the whole text. */
  bodyOffset: number;
}

const FENCE = /^---[ \t]*\n([\s\S]*?)\n?(?:---|\.\.\.)[ \t]*(?:\n|$)/;

/**
 * Splits YAML front-matter off a document. YAML errors point at the line in the whole
 * file, not in the front-matter block.
 */
export function splitFrontMatter(text: string, file: string): FrontMatter {
  const m = FENCE.exec(text);
  if (!m) return { data: {}, body: text, bodyOffset: 0 };
  const data = parseYamlMapping(m[1], file, 1, 'front-matter');
  return { data, body: text.slice(m[0].length), bodyOffset: m[0].length };
}

/** Parses YAML that must be a mapping; `firstLine` is the file line the YAML starts on minus one. */
export function parseYamlMapping(
  yamlText: string,
  file: string,
  lineOffset = 0,
  what = 'YAML',
): Record<string, unknown> {
  const doc = parseDocument(yamlText, { prettyErrors: true, uniqueKeys: true });
  const [error] = doc.errors;
  if (error) {
    const pos = error.linePos?.[0];
    // The YAML library counts lines from the block's start; the message must not contradict the span.
    throw new InputError(
      'bad-yaml',
      `invalid ${what}: ${error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`,
      {
        place: { file, span: pos ? { line: pos.line + lineOffset, column: pos.col } : undefined },
        hint: 'check the indentation and quote values that contain a colon',
      },
    );
  }
  const value: unknown = doc.toJS({ maxAliasCount: 50 });
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError('bad-yaml', `${what} must be a mapping of keys to values`, {
      place: { file, span: { line: 1 + lineOffset, column: 1 } },
    });
  }
  return value as Record<string, unknown>;
}
