import type { Article, Result } from '../../types.ts';
import { assembleArticle, emptyMeta } from '../article.ts';
import { type Block, looksLikeClutter } from '../clean.ts';
import type { Reader, ReaderInput } from './registry.ts';

const TERMINAL = /[.!?:;"”’)\]]$/;

/**
 * True when a run of lines is one hard-wrapped paragraph rather than one paragraph a line:
 * every line but the last has a typical wrap width (55–100 columns, all within 20 of the
 * longest) and some line ends mid-sentence. Strict on purpose: joining a clutter line onto a
 * body paragraph would let a cleaning rule take the paragraph with it.
 */
function isHardWrapped(lines: readonly { text: string }[]): boolean {
  if (lines.length < 2) return false;
  const body = lines.slice(0, -1).map((l) => l.text.trimEnd());
  const longest = body.reduce((max, l) => Math.max(max, l.length), 0);
  return (
    body.every((l) => l.length >= 55 && l.length <= 100 && l.length >= longest - 20) &&
    body.some((l) => !TERMINAL.test(l))
  );
}

/** A first line that reads as a headline: short and not ending in a full stop. */
function isTitleLine(text: string): boolean {
  const t = text.trim();
  return t.length > 0 && t.length <= 200 && t.split(/\s+/).length <= 30 && !/\.["”’]?$/.test(t);
}

/**
 * Splits lines into blocks: blank lines separate blocks; inside a run of non-blank lines,
 * each line is its own paragraph unless the run is hard-wrapped.
 */
export function linesToBlocks(lines: readonly { text: string; offset: number }[]): Block[] {
  const blocks: Block[] = [];
  let run: { text: string; offset: number }[] = [];
  const flush = () => {
    if (run.length === 0) return;
    if (isHardWrapped(run) && !run.some((l) => looksLikeClutter(l.text))) {
      // Joining with one space keeps every character at its offset: "\n" and " " are both one long.
      const first = run[0];
      const text = run.map((l) => l.text).join(' ');
      blocks.push({
        kind: 'paragraph',
        text: text.trim(),
        offset: first.offset + (text.length - text.trimStart().length),
      });
    } else {
      for (const l of run) {
        const trimmed = l.text.trim();
        blocks.push({
          kind: 'paragraph',
          text: trimmed,
          offset: l.offset + l.text.indexOf(trimmed),
        });
      }
    }
    run = [];
  };
  for (const line of lines) {
    if (line.text.trim() === '') flush();
    else run.push(line);
  }
  flush();
  return blocks;
}

function readText({ source, path, options }: ReaderInput): Result<Article[]> {
  const lines = source.lines();
  const meta = emptyMeta();
  const first = lines.findIndex((l) => l.text.trim() !== '');
  let body = lines;
  if (first !== -1 && isTitleLine(lines[first].text)) {
    meta.title = lines[first].text.trim();
    body = lines.slice(first + 1);
  }
  const { value, diagnostics } = assembleArticle(
    source,
    linesToBlocks(body),
    meta,
    { path, format: 'text', record: null },
    {},
    { ...options, inferHeadings: true },
  );
  return { value: [value], diagnostics };
}

/** Plain text, the fallback reader: first line the title, one paragraph per line or blank-line block. */
export const textReader: Reader = {
  format: 'text',
  extensions: ['.txt', '.text'],
  description: 'plain text: first line the title, clutter lines removed',
  read: readText,
};
