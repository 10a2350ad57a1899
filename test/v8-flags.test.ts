import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { YOUNG_BRIEF_OBJECTS_FLAG } from '../src/render/v8-tuning.ts';
import { ROOT } from './helpers.ts';

const FIXTURE = join(ROOT, 'test/fixtures/render/v8-flags.ts');

function run(args: string[], env: Record<string, string> = {}, nodeFlags: string[] = []): string {
  return execFileSync(process.execPath, [...nodeFlags, '--import', 'tsx', FIXTURE, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, BRIEFSMITH_STOCK_RENDER: '', ...env },
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** V8's pretenuring decisions while three briefs are built, as `--trace-pretenuring-statistics` prints them. */
function tenuredSites(env: Record<string, string> = {}): number {
  const out = run(['render', '3'], env, ['--trace-pretenuring-statistics']);
  assert.match(out, /RENDERED 3/);
  return out.split('\n').filter((line) => /=> tenure$/.test(line.trim())).length;
}

test('building briefs turns V8 allocation-site pretenuring off: no site is ever tenured', () => {
  assert.is(tenuredSites(), 0);
});

test('BRIEFSMITH_STOCK_RENDER=1 leaves V8 as it was, and V8 then tenures sites (so the test above can fail)', () => {
  assert.ok(tenuredSites({ BRIEFSMITH_STOCK_RENDER: '1' }) > 0);
});

test('the flag is set once a process, never from a batch worker, never under BRIEFSMITH_STOCK_RENDER=1', () => {
  assert.equal(JSON.parse(run(['calls'])), { mainThread: [YOUNG_BRIEF_OBJECTS_FLAG] });
  assert.equal(JSON.parse(run(['calls'], { BRIEFSMITH_STOCK_RENDER: '1' })), { mainThread: [] });
  assert.equal(JSON.parse(run(['worker-calls'])), { worker: [] });
});

/** What V8 says when the flag is set (it names a flag it does not know on stderr). */
function setFlagOutput(flag: string): string {
  const r = spawnSync(
    process.execPath,
    ['-e', `require('node:v8').setFlagsFromString(${JSON.stringify(flag)})`],
    { encoding: 'utf8' },
  );
  return r.stdout + r.stderr;
}

test('the flag is one this Node knows: setting it prints nothing', () => {
  assert.match(setFlagOutput('--no-such-v8-flag'), /unrecognized flag/);
  assert.is(setFlagOutput(YOUNG_BRIEF_OBJECTS_FLAG), '');
});

test.run();
