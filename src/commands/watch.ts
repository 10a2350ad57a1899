import { type FSWatcher, watch } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadTemplate } from '../compose/template.ts';
import type { Io } from '../io.ts';
import { type BuildArgs, build, type CommandResult, templateName } from './build.ts';

/**
 * `build --watch`: builds once, then again whenever an input, the template or one of its
 * partials changes (debounced). Errors are reported and watching goes on. Resolves when
 * `signal` aborts (Ctrl-C in the CLI).
 */
export async function watchBuild(
  args: BuildArgs,
  io: Io,
  report: (result: CommandResult) => void,
  signal: AbortSignal,
  debounceMs = 150,
): Promise<void> {
  const rebuild = async (reason: string) => {
    const started = performance.now();
    let result: CommandResult;
    try {
      result = await build(args, io);
    } catch (error) {
      // A broken template must not end the watch: report it like a failed input.
      const { DiagnosticBag, BriefsmithError } = await import('../diagnostics.ts');
      const bag = new DiagnosticBag();
      if (!(error instanceof BriefsmithError)) throw error;
      bag.add(error.toDiagnostic());
      result = { diagnostics: bag, exitCode: error.exitCode };
    }
    report(result);
    const ms = Math.round(performance.now() - started);
    io.stderr.write(
      `${reason}: ${result.exitCode === 0 ? 'built' : 'failed'} in ${ms} ms; watching for changes (Ctrl-C stops)\n`,
    );
  };

  const paths = new Set(args.inputs.filter((i) => i !== '-').map((i) => resolve(io.cwd, i)));
  try {
    const template = await loadTemplate(templateName(args), args.templatesDir);
    paths.add(template.path);
    for (const dir of template.partialDirs) paths.add(join(dir, 'partials'));
  } catch {
    // An unknown template is reported by the first build; the inputs are still watched.
  }
  const name = templateName(args);
  if (name.includes('/') || name.endsWith('.hbs')) paths.add(dirname(resolve(io.cwd, name)));

  await rebuild('first build');
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  const changed = (what: string) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(() => rebuild(`${what} changed`));
    }, debounceMs);
  };
  const watchers: FSWatcher[] = [];
  for (const path of paths) {
    try {
      watchers.push(watch(path, { signal }, (_event, file) => changed(file ? String(file) : path)));
    } catch {
      // A path that does not exist (yet) cannot be watched; the others still are.
    }
  }
  await new Promise<void>((done) => signal.addEventListener('abort', () => done(), { once: true }));
  clearTimeout(timer);
  await running;
}
