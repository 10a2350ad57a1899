import { readFileSync, writeFileSync } from 'node:fs';
import * as assert from 'uvu/assert';

/**
 * Compares a value with a JSON golden file; `UPDATE=1` rewrites the golden instead, so a
 * reviewer reads the change as a diff.
 */
export function assertGolden(actual: unknown, goldenPath: string): void {
  const json = `${JSON.stringify(actual, null, 2)}\n`;
  if (process.env.UPDATE === '1') {
    writeFileSync(goldenPath, json);
    return;
  }
  let expected: string;
  try {
    expected = readFileSync(goldenPath, 'utf8');
  } catch {
    throw new Error(`missing golden ${goldenPath}: run the tests with UPDATE=1 to create it`);
  }
  assert.fixture(json, expected);
}

/** Fixture path under test/fixtures/ingest. */
export function fixture(...parts: string[]): string {
  return new URL(`./fixtures/ingest/${parts.join('/')}`, import.meta.url).pathname;
}

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
