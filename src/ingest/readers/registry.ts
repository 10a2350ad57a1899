import type { Article, Result } from '../../types.ts';
import type { IngestOptions } from '../options.ts';
import type { SourceText } from '../source.ts';

/** What a reader gets: the decoded input and the path to name in messages. */
export interface ReaderInput {
  source: SourceText;
  path: string;
  options: IngestOptions;
}

/** One input format. Adding a format is one module plus one line in `readers`. */
export interface Reader {
  format: string;
  extensions: readonly string[];
  description: string;
  /** One input can hold several articles (a JSONL feed). */
  read(input: ReaderInput): Result<Article[]>;
}
