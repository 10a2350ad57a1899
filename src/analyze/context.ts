/**
 * What the extractors share: the split document, name mentions, entities and
 * attributions, each computed once on first use.
 */
import type { Article } from '../types.ts';
import { type Attribution, findAttributions } from './attribution.ts';
import { buildEntities, type Entity } from './entities.ts';
import { type Mention, sentenceMentions } from './mentions.ts';
import { findQuotes, pairQuotes, type QuoteSpan } from './quote-spans.ts';
import { describeEntities } from './roles.ts';
import { Doc, type Token } from './text.ts';

/** Most words capitalised, as in a title-case headline. */
function isTitleCase(tokens: readonly Token[]): boolean {
  const words = tokens.filter((t) => t.word && !t.num && t.text.length > 3);
  return words.length >= 3 && words.filter((t) => t.cap).length >= words.length * 0.7;
}

/** The shared analysis of one article. Extractors read it; none of them changes it. */
export class Analysis {
  readonly article: Article;
  readonly doc: Doc;
  #mentionsBySentence?: Mention[][];
  #entities?: Entity[];
  #entityOf?: Map<Mention, Entity>;
  #attributions?: Attribution[];
  #quotes?: QuoteSpan[];
  #quoteRanges?: { open: number; close: number }[][];

  constructor(article: Article) {
    this.article = article;
    this.doc = new Doc(article);
  }

  /** Name mentions per sentence, in text order. */
  get mentionsBySentence(): Mention[][] {
    // A title-case heading ("Intelligence Failure Raises Questions") capitalises every word,
    // so its capitals say nothing about names.
    this.#mentionsBySentence ??= this.doc.sentences.map((s) =>
      this.article.paragraphs[s.paragraph].kind === 'heading' && isTitleCase(this.doc.tokens(s))
        ? []
        : sentenceMentions(this.doc, s),
    );
    return this.#mentionsBySentence;
  }

  /** Entities, with roles and affiliations filled in. */
  get entities(): Entity[] {
    if (!this.#entities) {
      const all = this.mentionsBySentence.flat();
      const entities = buildEntities(this.doc, all);
      const owner = new Map<Mention, Entity>();
      for (const e of entities) for (const m of e.mentions) owner.set(m, e);
      this.#entityOf = owner;
      this.#entities = entities;
      describeEntities(this.doc, entities, this.mentionsBySentence, (m) => owner.get(m));
    }
    return this.#entities;
  }

  /** The entity a mention belongs to, if it made it into one. */
  entityOf = (m: Mention): Entity | undefined => {
    if (!this.#entityOf) void this.entities; // building the entities fills the map
    return this.#entityOf!.get(m);
  };

  /** Reporting verbs with their speakers and reported stretches. */
  get attributions(): Attribution[] {
    this.#attributions ??= findAttributions({
      doc: this.doc,
      quoted: this.quoted,
      mentionsBySentence: this.mentionsBySentence,
      entityOf: this.entityOf,
      entities: this.entities,
    });
    return this.#attributions;
  }

  /** Whether a paragraph-local offset lies inside a pair of quote marks. */
  quoted = (paragraph: number, at: number): boolean => {
    this.#quoteRanges ??= this.doc.paragraphs.map((p) => pairQuotes(p.text));
    const ranges = this.#quoteRanges[paragraph];
    let lo = 0;
    let hi = ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (ranges[mid].close < at) lo = mid + 1;
      else if (ranges[mid].open > at) hi = mid - 1;
      else return true;
    }
    return false;
  };

  /** Quotations linked to their attributions. */
  get quotes(): QuoteSpan[] {
    this.#quotes ??= findQuotes(this.doc, this.attributions);
    return this.#quotes;
  }
}
