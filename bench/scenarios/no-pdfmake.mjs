// Does a command load pdfmake? Runs it in this process and looks at the module cache.
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const { run } = await import(join(root, 'dist/main.js'));
const { nodeIo } = await import(join(root, 'dist/io.js'));
const io = { ...nodeIo(), stdout: { write() {} }, stderr: { write() {} } };
await run(process.argv.slice(2), io);
const loaded = Object.keys(createRequire(import.meta.url).cache).some((k) =>
  k.includes('/pdfmake/'),
);
console.log(JSON.stringify({ loaded }));
