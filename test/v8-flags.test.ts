import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { NO_PRETENURING_FLAG } from '../src/render/v8-tuning.ts';
import { ROOT } from './helpers.ts';

const FIXTURE = join(ROOT, 'test/fixtures/render/v8-flags.ts');

function run(args: string[], env: Record<string, string> = {}, nodeFlags: string[] = []): string {
  return execFileSync(process.execPath, [...nodeFlags, '--import', 'tsx', FIXTURE, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, BRIEFSMITH_STOCK_RENDER: '', BRIEFSMITH_KEEP_V8_FLAGS: '', ...env },
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

test('with BRIEFSMITH_KEEP_V8_FLAGS=1 (render speed-ups still on) V8 tenures sites, so the test above can fail', () => {
  assert.ok(tenuredSites({ BRIEFSMITH_KEEP_V8_FLAGS: '1' }) > 0);
});

test('the flag is set once, from the main thread only, and not under BRIEFSMITH_STOCK_RENDER=1', () => {
  assert.equal(JSON.parse(run(['calls'])), { worker: [], mainThread: [NO_PRETENURING_FLAG] });
  assert.equal(JSON.parse(run(['calls'], { BRIEFSMITH_STOCK_RENDER: '1' })), {
    worker: [],
    mainThread: [],
  });
  assert.equal(JSON.parse(run(['calls'], { BRIEFSMITH_KEEP_V8_FLAGS: '1' })), {
    worker: [],
    mainThread: [],
  });
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
  assert.is(setFlagOutput(NO_PRETENURING_FLAG), '');
});

test('the startup snapshot and the batch child start with the same flag (they cannot import it)', () => {
  for (const file of ['scripts/build-snapshot.mjs', 'bin/briefsmith.cjs']) {
    assert.ok(readFileSync(join(ROOT, file), 'utf8').includes(`'${NO_PRETENURING_FLAG}'`), file);
  }
});

test.run();
