// Bundles src/ into dist/ with esbuild: one ESM file per entry plus shared chunks, so the
// CLI starts without compiling TypeScript. Dependencies stay external (node_modules).
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

// Stale chunks from an earlier build would never be cleaned up otherwise.
rmSync('dist', { recursive: true, force: true });

await build({
  entryPoints: {
    main: 'src/main.ts',
    io: 'src/io.ts',
    index: 'src/index.ts',
    'brief-worker': 'src/commands/brief-worker.ts',
  },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  packages: 'external',
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
});
