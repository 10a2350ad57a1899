// The child's side of bin/briefsmith.cjs: when the launcher runs the CLI in a child Node (from
// the startup snapshot, or with V8 flags for a large batch), it keeps an IPC channel open to it.

/** What the child sends the launcher once the command is over (bin/briefsmith.cjs reads it). */
interface DoneMessage {
  briefsmith: 'done';
  code: number;
}

/**
 * In a child the launcher started, stops when the launcher is gone (killed): the channel exists
 * only to say it is alive, so it must not keep this process running either. Elsewhere, nothing.
 */
export function followLauncher(): void {
  if (!process.channel) return;
  process.channel.unref();
  process.once('disconnect', stopWithLauncher);
}

function stopWithLauncher(): void {
  process.exit(1);
}

/** Resolves once a stream has written all it was given (or can write nothing more). */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  if (stream.writableLength === 0 || stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      for (const event of ['drain', 'close', 'error']) stream.removeListener(event, done);
      resolve();
    };
    for (const event of ['drain', 'close', 'error']) stream.once(event, done);
  });
}

/**
 * Tells the launcher the command is over and how it ended, once all output is written. The
 * launcher then exits with that code at once: a process that held a startup snapshot takes
 * ~10 ms to tear down (Node's exit path, then the kernel freeing ~100 MB), and the shell need
 * not wait for it. Files are written and renamed before `run` resolves, so nothing a user
 * can see is left to do.
 */
export async function reportDone(code: number): Promise<void> {
  process.exitCode = code;
  if (!process.channel || !process.send) return;
  await Promise.all([drained(process.stdout), drained(process.stderr)]);
  process.removeListener('disconnect', stopWithLauncher);
  const message: DoneMessage = { briefsmith: 'done', code };
  await new Promise<void>((resolve) => process.send!(message, undefined, {}, () => resolve()));
}
