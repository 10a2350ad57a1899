import { createReadStream, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

/** A writable text stream, as much of one as the CLI needs. */
export interface Sink {
  write(chunk: string | Uint8Array): void;
  isTTY?: boolean;
}

/**
 * Every side effect the CLI has goes through this object, so tests can pass a
 * fake one and runs stay deterministic (Pandoc's PandocMonad, marked's `main(process)`).
 */
export interface Io {
  cwd: string;
  env: Record<string, string | undefined>;
  stdout: Sink;
  stderr: Sink;
  readStdin(): Promise<Uint8Array>;
  readFile(path: string): Promise<Uint8Array>;
  /**
   * A file's bytes a chunk at a time, for a feed read as a batch goes (src/ingest/feed-stream.ts).
   * Optional: without it, a feed is read whole.
   */
  readFileChunks?(path: string): AsyncIterable<Uint8Array>;
  /** Size in bytes, or null when there is no such file. Throws when `path` is not a regular file. */
  fileSize(path: string): Promise<number | null>;
  isDirectory(path: string): Promise<boolean>;
  /**
   * Writes to a temporary sibling, then renames: readers never see half a file. `mode`
   * sets the permissions of a new file (0o600: readable by its owner only).
   */
  writeFileAtomic(path: string, bytes: Uint8Array, options?: { mode?: number }): Promise<void>;
  now(): Date;
  /** Fetches a URL the user named as an input; the global fetch by default. */
  fetch?: typeof fetch;
}

const require = createRequire(import.meta.url);
let tmpCounter = 0;
let threadId: number | undefined;

/** Directories this thread has made sure of: a batch writes hundreds of briefs to one. */
const madeDirs = new Set<string>();

/**
 * Temp-file-then-rename write; the directory is created when missing. Synchronous calls in
 * an async function: a brief is tens of kilobytes, and five round trips to libuv's thread
 * pool per file (mkdir, open, write, close, rename) cost a batch worker more than the writes.
 */
export async function writeFileAtomic(
  path: string,
  bytes: Uint8Array,
  options: { mode?: number } = {},
): Promise<void> {
  const dir = dirname(path);
  if (!madeDirs.has(dir)) {
    mkdirSync(dir, { recursive: true });
    madeDirs.add(dir);
  }
  // Worker threads share the pid: the thread's id keeps their temporary names apart (loaded
  // on first write, not at every command's start; `require`, which the snapshot supports).
  threadId ??= (require('node:worker_threads') as typeof import('node:worker_threads')).threadId;
  const tmp = `${path}.${process.pid}.${threadId}.${++tmpCounter}.tmp`;
  const write = () =>
    writeFileSync(tmp, bytes, options.mode === undefined ? {} : { mode: options.mode });
  try {
    try {
      write();
    } catch (error) {
      // The directory was removed since it was made: make it again, once.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      mkdirSync(dir, { recursive: true });
      write();
    }
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}

/**
 * A reader that stops early (`briefsmith build x -o - | head -c 100`) closes the pipe: the
 * next write fails with EPIPE. Like a command-line tool killed by SIGPIPE, Briefsmith then
 * stops quietly instead of printing a stack trace; nothing more can reach that reader.
 */
function onStdoutError(error: NodeJS.ErrnoException): void {
  if (error.code !== 'EPIPE') throw error;
  process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
}

function stopQuietlyOnClosedPipe(): void {
  // Checked on the stream itself: a startup snapshot's process.stdout is not the one it was built with.
  if (!process.stdout.listeners('error').includes(onStdoutError)) {
    process.stdout.on('error', onStdoutError);
  }
}

/** The real world: the process's streams, the file system and the clock. */
export function nodeIo(): Io {
  stopQuietlyOnClosedPipe();
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    async readStdin() {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
    readFile: (path) => readFile(path),
    readFileChunks: (path) => createReadStream(path, { highWaterMark: 64 * 1024 }),
    async fileSize(path) {
      try {
        const s = await stat(path);
        if (!s.isFile())
          throw Object.assign(new Error(`${path} is not a file`), { code: 'EISDIR' });
        return s.size;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async isDirectory(path) {
      try {
        return (await stat(path)).isDirectory();
      } catch {
        return false;
      }
    },
    writeFileAtomic,
    now: () => new Date(),
    fetch: globalThis.fetch,
  };
}
