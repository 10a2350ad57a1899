// The startup-snapshot entry (bundled by scripts/build-snapshot.mjs into one CommonJS file,
// dependencies included). While `node --build-snapshot` runs it, one brief is rendered through
// an in-memory Io, so pdfmake, the fonts, lexicons, map data and templates are in the heap;
// the deserialized main function then runs the CLI with the user's arguments.
import './prelude.ts';
import { startupSnapshot } from 'node:v8';
import type { Io } from '../../src/io.ts';
import { nodeIo } from '../../src/io.ts';
import { followLauncher, reportDone } from '../../src/launched.ts';
import { run } from '../../src/main.ts';
import { forgetInstalledFonts } from '../../src/render/fonts.ts';
import { forgetCityText } from '../../src/render/map/gazetteer.ts';

/** The sample article (input/ is not in the package), put in by esbuild's `define`. */
declare const BRIEFSMITH_WARM_UP_ARTICLE: string;

const WARM_UP = '/briefsmith-warm-up/article.txt';

function warmUpIo(): Io {
  const article = Buffer.from(BRIEFSMITH_WARM_UP_ARTICLE, 'utf8');
  const sink = { write() {}, isTTY: false };
  const missing = (path: string) =>
    Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT', path });
  return {
    ...nodeIo(),
    env: {},
    stdout: sink,
    stderr: sink,
    readStdin: async () => new Uint8Array(),
    readFile: async (path) => {
      if (path === WARM_UP) return article;
      throw missing(path);
    },
    fileSize: async (path) => (path === WARM_UP ? article.length : null),
    isDirectory: async () => false,
    writeFileAtomic: async () => {},
    now: () => new Date('2000-01-01T00:00:00Z'),
  };
}

async function warmUp(): Promise<void> {
  const io = warmUpIo();
  const date = ['--date', '2000-01-01'];
  const runs = [
    ['build', WARM_UP, '-o', '/briefsmith-warm-up/brief.pdf', ...date, '--quiet'],
    ['--help'],
  ];
  for (const args of runs) {
    const code = await run(args, io);
    if (code !== 0) throw new Error(`warm-up \`${args.join(' ')}\` exited with ${code}`);
  }
  // Fallback fonts are looked for again at run time (the machine may have changed).
  forgetInstalledFonts();
  forgetCityText();
}

if (startupSnapshot.isBuildingSnapshot()) {
  warmUp().then(
    () =>
      startupSnapshot.setDeserializeMainFunction(async () => {
        followLauncher();
        // argv is [node, ...user arguments]: the launcher passes them after `--`.
        await reportDone(await run(process.argv.slice(1), nodeIo()));
      }),
    (error: Error) => {
      process.stderr.write(`snapshot warm-up failed: ${error?.stack ?? error}\n`);
      process.exit(1);
    },
  );
} else {
  // `node dist/snapshot-entry.cjs args…`: the same bundle runs without a snapshot.
  run(process.argv.slice(2), nodeIo()).then((code) => {
    process.exitCode = code;
  });
}
