import { UsageError } from '../diagnostics.ts';

/** The record fields a field map can point elsewhere: `{ text: 'story' }` reads the text from `story`. */
export type RecordField = 'title' | 'text' | 'url' | 'author' | 'published' | 'source' | 'language';

/** Field name (or dotted path into nested objects, `fields.body`) per record field. */
export type FieldMap = Partial<Record<RecordField, string>>;

/** Options for `ingest` and every reader. All optional; the defaults suit a single article file. */
export interface IngestOptions {
  /** A reader's format name (`--from`); otherwise the extension decides, and plain text is the fallback. */
  from?: string;
  /** Largest input in bytes (`--max-input`); default 10 MB. */
  maxInput?: number;
  /** Skip the cleaning rules (`--keep-clutter`); paragraph recovery still runs. */
  keepClutter?: boolean;
  /** JSON/JSONL: where to find each field in records of another shape (`--field text=story`). */
  fieldMap?: FieldMap;
  /** The encoding the bytes were declared in, e.g. by an HTTP Content-Type's `charset`. */
  charset?: string;
}

const RECORD_FIELDS: readonly RecordField[] = [
  'title',
  'text',
  'url',
  'author',
  'published',
  'source',
  'language',
];

/**
 * Parses `--field` values (`text=story`, `published=meta.date`) into a field map. Here rather
 * than in the CLI so the accepted field names live next to the readers that use them.
 */
export function parseFieldMap(specs: readonly string[]): FieldMap {
  const map: FieldMap = {};
  for (const spec of specs) {
    const m = /^([a-z]+)=([^=\s]+)$/.exec(spec.trim());
    const field = m?.[1] as RecordField | undefined;
    if (!m || !field || !RECORD_FIELDS.includes(field)) {
      throw new UsageError('bad-field-map', `cannot read field mapping \`${spec}\``, {
        hint: `write FIELD=NAME, FIELD one of ${RECORD_FIELDS.join(', ')} (e.g. text=story)`,
      });
    }
    map[field] = m[2];
  }
  return map;
}
