/**
 * What the extractors share: the split document, name mentions, entities and
 * attributions, each computed once on first use.
 */
import type { Article } from '../types.ts';
import { type Attribution, findAttributions } from './attribution.ts';
import { buildEntities, type Entity } from './entities.ts';
import { type Mention, sentenceMentions } from './mentions.ts';
import { findQuotes, type QuoteSpan } from './quote-spans.ts';
import { describeEntities } from './roles.ts';
import { Doc } from './text.ts';

/** The shared analysis of one article. Extractors read it; none of them changes it. */
export class Analysis {
  readonly article: Article;
  readonly doc: Doc;
  #mentionsBySentence?: Mention[][];
  #entities?: Entity[];
  #entityOf?: Map<Mention, Entity>;
  #attributions?: Attribution[];
  #quotes?: QuoteSpan[];

  constructor(article: Article) {
    this.article = article;
    this.doc = new Doc(article);
  }

  /** Name mentions per sentence, in text order. */
  get mentionsBySentence(): Mention[][] {
    this.#mentionsBySentence ??= this.doc.sentences.map((s) => sentenceMentions(this.doc, s));
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
    void this.entities;
    return this.#entityOf!.get(m);
  };

  /** Reporting verbs with their speakers and reported stretches. */
  get attributions(): Attribution[] {
    this.#attributions ??= findAttributions({
      doc: this.doc,
      mentionsBySentence: this.mentionsBySentence,
      entityOf: this.entityOf,
      entities: this.entities,
    });
    return this.#attributions;
  }

  /** Quotations linked to their attributions. */
  get quotes(): QuoteSpan[] {
    this.#quotes ??= findQuotes(this.doc, this.attributions);
    return this.#quotes;
  }
}
