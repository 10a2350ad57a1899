import type { Span } from '../types.ts';

/**
 * A text that blocks are cut from, and the way back from an offset in it to a `Span` in the
 * decoded input. Usually the input itself; for a JSON string value, the unescaped value.
 */
export interface TextView {
  readonly text: string;
  span(offset: number, length: number): Span;
}

/**
 * Where a text starts in the decoded input it was cut from: a line of a JSONL feed read one
 * line at a time (src/ingest/feed-stream.ts) is its own SourceText, and its spans still
 * name the feed's line and offset. The text must start at the beginning of a line.
 */
export interface TextStart {
  offset: number;
  line: number;
}

/** The decoded input with a line index, so any offset can become a `Span`. */
export class SourceText implements TextView {
  readonly text: string;
  readonly #lineStarts: number[] = [0];
  readonly #start: TextStart;

  constructor(text: string, start: TextStart = { offset: 0, line: 1 }) {
    this.text = text;
    this.#start = start;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
      this.#lineStarts.push(i + 1);
    }
  }

  /** The span of `length` characters starting at `offset`. */
  span(offset: number, length: number): Span {
    const starts = this.#lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return {
      line: this.#start.line + lo,
      column: offset - starts[lo] + 1,
      offset: this.#start.offset + offset,
      length,
    };
  }

  /** Every line with the offset it starts at (without its newline). */
  lines(): { text: string; offset: number }[] {
    return splitLines(this.text);
  }
}

/** Every line of `text` with the offset it starts at (without its newline). */
export function splitLines(text: string): { text: string; offset: number }[] {
  const out: { text: string; offset: number }[] = [];
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', start)) {
    out.push({ text: text.slice(start, i), offset: start });
    start = i + 1;
  }
  out.push({ text: text.slice(start), offset: start });
  return out;
}

/**
 * A string that was unescaped out of the input (a JSON string value): `offsets[i]` is the input
 * offset of character `i`, and `offsets[text.length]` the offset just after the last one, so
 * a span covers the escaped form in the file (`\u2019` counts six characters there).
 */
export class MappedText implements TextView {
  constructor(
    readonly source: SourceText,
    readonly text: string,
    readonly offsets: readonly number[],
  ) {}

  span(offset: number, length: number): Span {
    const clamp = (i: number) => Math.max(0, Math.min(i, this.text.length));
    const start = this.offsets[clamp(offset)];
    return this.source.span(start, this.offsets[clamp(offset + length)] - start);
  }
}
