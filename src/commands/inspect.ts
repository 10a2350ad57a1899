import { stringify } from 'yaml';
import { analyze, toPublicSummary } from '../analyze/index.ts';
import { applySummaryPatch } from '../compose/index.ts';
import { DiagnosticBag } from '../diagnostics.ts';
import { parseFieldMap } from '../ingest/options.ts';
import type { Io } from '../io.ts';
import type { AnalystInput } from '../types.ts';
import type { CommandResult } from './build.ts';
import { loadArticles, readSummaryFile } from './common.ts';

export interface InspectArgs {
  input: string;
  format: 'yaml' | 'json';
  summary?: string;
  from?: string;
  keepClutter: boolean;
  maxInput?: number;
  field?: string[];
}

/**
 * `briefsmith inspect`: the summary a brief would show, as YAML (to review and edit, then
 * feed back with `--summary`) or JSON. Never loads the renderer.
 */
export async function inspect(args: InspectArgs, io: Io): Promise<CommandResult> {
  const bag = new DiagnosticBag();
  const analyst: AnalystInput = args.summary ? await readSummaryFile(io, args.summary) : {};
  const { articles, diagnostics } = await loadArticles(
    io,
    args.input,
    {
      from: args.from,
      keepClutter: args.keepClutter,
      maxInput: args.maxInput,
      fieldMap: parseFieldMap(args.field ?? []),
    },
    analyst,
  );
  bag.addAll(diagnostics);
  const summaries = articles.map((article) => {
    const analysis = analyze(article);
    bag.addAll(analysis.diagnostics);
    return applySummaryPatch(toPublicSummary(article, analysis.value), article.analyst.summary);
  });
  const value = summaries.length === 1 ? summaries[0] : summaries;
  io.stdout.write(
    args.format === 'json'
      ? `${JSON.stringify(value, null, 2)}\n`
      : stringify(value, { lineWidth: 100 }),
  );
  return { diagnostics: bag, exitCode: 0 };
}
