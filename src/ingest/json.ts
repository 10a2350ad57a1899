/**
 * A small JSON scanner that finds where values are in the input. `JSON.parse` gives values but
 * no positions; spans need the offset of each string value and of each record.
 */

/** Where one member's value sits in the input: `[start, end)`, the quotes included for strings. */
export interface ValueRange {
  start: number;
  end: number;
  kind: 'string' | 'object' | 'array' | 'other';
}

const WS = /[ \t\n\r]/;

function skipWs(text: string, i: number): number {
  while (i < text.length && WS.test(text[i])) i++;
  return i;
}

/** End (exclusive) of the string whose opening quote is at `i`; -1 when it never closes. */
function stringEnd(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const c = text[j];
    if (c === '\\') j++;
    else if (c === '"') return j + 1;
    else if (c === '\n') return -1;
  }
  return -1;
}

/** End (exclusive) of any JSON value starting at `i`; -1 when it is malformed. */
export function valueEnd(text: string, i: number): number {
  const c = text[i];
  if (c === '"') return stringEnd(text, i);
  if (c !== '{' && c !== '[') {
    const m = /^[^\s,\]}]+/.exec(text.slice(i, i + 64));
    return m ? i + m[0].length : -1;
  }
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const d = text[j];
    if (d === '"') {
      j = stringEnd(text, j) - 1;
      if (j < 0) return -1;
    } else if (d === '{' || d === '[') depth++;
    else if (d === '}' || d === ']') {
      depth--;
      if (depth === 0) return j + 1;
    }
  }
  return -1;
}

function kindOf(c: string): ValueRange['kind'] {
  return c === '"' ? 'string' : c === '{' ? 'object' : c === '[' ? 'array' : 'other';
}

/**
 * The members of the object at `start` (which must be `{`), key → value range. Keys are kept
 * in a `Map`, so `__proto__` is just a key. Null when the object is malformed.
 */
export function objectMembers(text: string, start: number): Map<string, ValueRange> | null {
  const members = new Map<string, ValueRange>();
  if (text[start] !== '{') return null;
  let i = skipWs(text, start + 1);
  if (text[i] === '}') return members;
  for (;;) {
    if (text[i] !== '"') return null;
    const keyEnd = stringEnd(text, i);
    if (keyEnd < 0) return null;
    const key = JSON.parse(text.slice(i, keyEnd)) as string;
    i = skipWs(text, keyEnd);
    if (text[i] !== ':') return null;
    i = skipWs(text, i + 1);
    const end = valueEnd(text, i);
    if (end < 0) return null;
    members.set(key, { start: i, end, kind: kindOf(text[i]) });
    i = skipWs(text, end);
    if (text[i] === '}') return members;
    if (text[i] !== ',') return null;
    i = skipWs(text, i + 1);
  }
}

/** The start offsets of the elements of the array at `start` (which must be `[`). */
export function arrayElements(text: string, start: number): ValueRange[] | null {
  const out: ValueRange[] = [];
  let i = skipWs(text, start + 1);
  if (text[i] === ']') return out;
  for (;;) {
    const end = valueEnd(text, i);
    if (end < 0) return null;
    out.push({ start: i, end, kind: kindOf(text[i]) });
    i = skipWs(text, end);
    if (text[i] === ']') return out;
    if (text[i] !== ',') return null;
    i = skipWs(text, i + 1);
  }
}

const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/**
 * Unescapes the JSON string literal at `[start, end)` and records, for every character of the
 * result, the input offset it came from (plus one final entry for the closing quote).
 */
export function unescapeString(
  text: string,
  start: number,
  end: number,
): { value: string; offsets: number[] } {
  let value = '';
  const offsets: number[] = [];
  for (let i = start + 1; i < end - 1; i++) {
    offsets.push(i);
    if (text[i] !== '\\') {
      value += text[i];
      continue;
    }
    const e = text[i + 1];
    if (e === 'u') {
      value += String.fromCharCode(Number.parseInt(text.slice(i + 2, i + 6), 16));
      i += 5;
    } else {
      value += ESCAPES[e] ?? e;
      i += 1;
    }
  }
  offsets.push(end - 1);
  return { value, offsets };
}
