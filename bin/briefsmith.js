#!/usr/bin/env node
// Runs the TypeScript sources through tsx's loader, so a clone works without a build step.
import { register } from 'tsx/esm/api';

register();
const { run } = await import('../src/main.ts');
const { nodeIo } = await import('../src/io.ts');
process.exitCode = await run(process.argv.slice(2), nodeIo());
