import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Io, nodeIo } from '../src/io.ts';
import type { Article, Origin } from '../src/types.ts';

/** The repository root, so tests run the same from any working directory. */
export const ROOT = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
export const SAMPLE = join(ROOT, 'input/north-korea-recalls-commanders.txt');

/** A fresh temporary directory, under the test run's folder when `npm test` runs (it qpdf-checks every PDF there). */
export function tempDir(prefix = 'briefsmith-test-'): string {
  return mkdtempSync(join(process.env.BRIEFSMITH_TEST_ROOT ?? tmpdir(), prefix));
}

export interface CapturedIo extends Io {
  out(): string;
  outBytes(): Buffer;
  err(): string;
}

/** A real file system with captured stdout/stderr, a fixed clock and the given stdin. */
export function captureIo(
  cwd: string,
  options: { stdin?: string; env?: Record<string, string> } = {},
): CapturedIo {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const base = nodeIo();
  return {
    ...base,
    cwd,
    env: { ...options.env },
    stdout: { write: (c) => void out.push(Buffer.from(c)) },
    stderr: { write: (c) => void err.push(Buffer.from(c)) },
    readStdin: async () => Buffer.from(options.stdin ?? ''),
    now: () => new Date('2026-11-29T12:00:00Z'),
    out: () => Buffer.concat(out).toString('utf8'),
    outBytes: () => Buffer.concat(out),
    err: () => Buffer.concat(err).toString('utf8'),
  };
}

/** The text of every page of a PDF, in content order. */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const { extractText, getDocumentProxy } = await import('unpdf');
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { text } = await extractText(pdf, { mergePages: true });
  return text.replace(/\s+/g, ' ');
}

/** Page count of a PDF. */
export async function pdfPages(bytes: Uint8Array): Promise<number> {
  const { getDocumentProxy } = await import('unpdf');
  return (await getDocumentProxy(new Uint8Array(bytes))).numPages;
}

/** Runs `qpdf --check` on PDF bytes; throws with qpdf's report when the file is damaged. */
export function qpdfCheck(bytes: Uint8Array): void {
  const file = join(tempDir('qpdf-'), 'check.pdf');
  writeFileSync(file, bytes);
  execFileSync('qpdf', ['--check', file], { stdio: 'pipe' });
}

/** Reads a golden file, or writes it when UPDATE=1. */
export function golden(path: string, actual: string): string {
  if (process.env.UPDATE === '1') writeFileSync(path, actual);
  return readFileSync(path, 'utf8');
}

/** The PDF's document information dictionary (Title, Author, Subject, Keywords, Creator …). */
export async function pdfInfo(bytes: Uint8Array): Promise<Record<string, unknown>> {
  const { getDocumentProxy } = await import('unpdf');
  const { info } = await (await getDocumentProxy(new Uint8Array(bytes))).getMetadata();
  return info as Record<string, unknown>;
}

/** An article as a reader makes it, for the stages after ingest: a VOA story of these paragraphs. */
export function testArticle(
  paragraphs: string[],
  title = 'A title',
  origin: Origin = { path: 'story.txt', format: 'text', record: null },
): Article {
  const span = { line: 1, column: 1, offset: 0, length: 1 };
  return {
    meta: {
      title,
      source: 'Voice of America',
      url: null,
      author: null,
      published: '2025-03-14',
      language: null,
    },
    paragraphs: paragraphs.map((text) => ({ kind: 'paragraph', text, span })),
    removed: [],
    origin,
    analyst: {},
  };
}
