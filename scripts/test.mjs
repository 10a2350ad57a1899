// The unit/end-to-end test run: uvu over test/*.test.ts with tsx, every test's temporary files
// under one folder, then `qpdf --check` on every PDF the tests wrote there.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = mkdtempSync(join(tmpdir(), 'briefsmith-tests-'));
const pattern = process.argv[2] ?? '\\.test\\.ts$';
const uvu = spawnSync(
  process.execPath,
  ['--import', 'tsx', 'node_modules/uvu/bin.js', 'test', pattern],
  {
    stdio: 'inherit',
    env: { ...process.env, BRIEFSMITH_TEST_ROOT: root },
  },
);

function* pdfs(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* pdfs(path);
    // `*.fake.pdf` files are deliberately not PDFs (inputs that only look like one).
    else if (entry.name.endsWith('.pdf') && !entry.name.endsWith('.fake.pdf')) yield path;
  }
}

let checked = 0;
const damaged = [];
for (const pdf of pdfs(root)) {
  checked++;
  try {
    execFileSync('qpdf', ['--check', pdf], { stdio: 'pipe' });
  } catch (error) {
    damaged.push(
      `${pdf}: ${String(error.stdout ?? error.message)
        .trim()
        .split('\n')
        .pop()}`,
    );
  }
}
console.log(
  `\nqpdf --check on every PDF the tests wrote: ${checked - damaged.length} passed, ${damaged.length} failed`,
);
for (const d of damaged) console.log(`  ${d}`);
rmSync(root, { recursive: true, force: true });
process.exit(uvu.status !== 0 || damaged.length > 0 || checked === 0 ? 1 : 0);
