import type { ArticleMeta, BlockKind, Span } from '../types.ts';

/** A line or paragraph of input before cleaning decides whether it is article text. */
export interface Block {
  kind: BlockKind;
  text: string;
  /** Offset of the block's first character in the reader's text view (usually the decoded input). */
  offset: number;
  /**
   * Set when `text` is not a character-for-character slice of the input (HTML): every piece of
   * this block gets this span, since offsets inside `text` do not map back.
   */
  fixedSpan?: Span;
  /** What the source marked the block as, beyond its kind: an HTML `<figcaption>` is a caption. */
  role?: 'caption';
}

/** What the cleaner sees around a block: its neighbours and the metadata known so far. */
export interface RuleContext {
  blocks: readonly Block[];
  index: number;
  meta: Readonly<ArticleMeta>;
}

/**
 * A named cleaning rule. `test` answers whether the whole block at `ctx.index` is clutter;
 * `prefix` gives the length of clutter at the block's start (a dateline), 0 for none; `meta`
 * lifts metadata out of the removed text (a byline's author), so it moves rather than vanishes.
 * Rules are listed in one registry so `--emit article` can say which rule removed what.
 */
export interface CleaningRule {
  name: string;
  description: string;
  test?(block: Block, ctx: RuleContext): boolean;
  prefix?(block: Block, ctx: RuleContext): number;
  meta?(text: string): Partial<ArticleMeta>;
}

const SEPARATOR = /^[\s\-–—_*=•·~#]+$/;
/** Ends like a sentence: a full stop, possibly inside closing quotes or brackets. */
const SENTENCE_END = /[.!;:][\s"'”’)\]]*$/;

function isSeparator(block: Block | undefined): boolean {
  return block !== undefined && SEPARATOR.test(block.text);
}

/** Words separated by white space. */
export function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/**
 * A short line: every pattern rule below applies only to lines no longer than this many words.
 * Counts no further than it needs to, since a block can be a whole run-together article.
 */
function short(text: string, words: number): boolean {
  if (text.length > words * 40) return false;
  return wordCount(text) <= words;
}

/**
 * A headline rather than a sentence: short, and not ending with a full stop. A question
 * mark is allowed, since teaser headlines are often questions.
 */
function looksLikeHeadline(text: string): boolean {
  return short(text, 22) && !SENTENCE_END.test(text.trim());
}

/** Case, punctuation and spacing folded away, for "is this line the headline again?". */
function fold(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The title last folded, and its folding: the first blocks of an article are all checked against it. */
let lastTitle: [title: string, folded: string] = ['', ''];

/** Whether a block is the title again, once case, punctuation and spacing are folded away. */
function sameFolded(text: string, title: string): boolean {
  if (lastTitle[0] !== title) lastTitle = [title, fold(title)];
  const target = lastTitle[1];
  if (target === '') return false;
  // Every ASCII letter and digit stays one character of the folding, so a block with more of
  // them than the folded title has characters is not the title: most paragraphs stop here.
  let kept = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const letter = (c | 32) >= 97 && (c | 32) <= 122;
    if ((letter || (c >= 48 && c <= 57)) && ++kept > target.length) return false;
  }
  return fold(text) === target;
}

/** Near the top of the article, where bylines, datelines and repeated headlines sit. */
const nearTop = (ctx: RuleContext, n = 6) => ctx.index < n;

const MONTH =
  '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?';
const DATE = `(?:${MONTH} \\d{1,2},? \\d{4}|\\d{1,2} ${MONTH},? \\d{4}|\\d{4}-\\d{2}-\\d{2}(?:[T ][\\d:.]+Z?)?|\\d{1,2}/\\d{1,2}/\\d{2,4})`;
const TIME = '(?:,?\\s*(?:at\\s+)?\\d{1,2}[:.]\\d{2}(?:\\s*[ap]\\.?m\\.?)?(?:\\s*[A-Z]{2,4})?)?';
const WEEKDAY = '(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\\s+)?';
/** "Updated 3 March 2025", "Published: March 3, 2025 10:42 GMT", or a date alone on its line. */
const DATE_LINE = new RegExp(
  `^(?:(Published|Posted|Updated|Last updated|First published|Date)(?::|\\s+on)?\\s+)?${WEEKDAY}(${DATE})${TIME}\\.?$`,
  'i',
);

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * "3 March 2025" and "March 3, 2025" as `2025-03-03`, like the dates other readers give; any
 * other form (ISO already, or an ambiguous 3/4/2025) is kept as written.
 */
export function isoDate(text: string): string {
  const dm = /^(\d{1,2}) ([A-Za-z]+)\.?,? (\d{4})$/.exec(text);
  const md = /^([A-Za-z]+)\.? (\d{1,2}),? (\d{4})$/.exec(text);
  const [day, name, year] = dm ? [dm[1], dm[2], dm[3]] : md ? [md[2], md[1], md[3]] : [];
  if (!day || !name || !year) return text;
  const month = MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;
  if (month === 0 || Number(day) < 1 || Number(day) > 31) return text;
  return `${year}-${String(month).padStart(2, '0')}-${day.padStart(2, '0')}`;
}

/** A name as bylines write it: capitalised words, initials, particles (de, van, al-). */
const NAME =
  "(?:[\\p{Lu}][\\p{L}'’.-]*|de|van|von|der|da|al|bin|el|la|le)(?: (?:[\\p{Lu}][\\p{L}'’.-]*|de|van|von|der|da|al-[\\p{L}]+|bin|el|la|le)){1,4}";
const BYLINE = new RegExp(
  `^(?:By|BY|Written by|Words by|Story by)\\s+(${NAME}(?:(?: and|,? &) ${NAME})*)(?:\\s*[,|–—-]\\s*[\\p{L} .,'’]{2,60})?$`,
  'u',
);
const CREDITS = /^(?:Reporting|Writing|Editing|Additional reporting|Compiled) by\s+(.{2,200})$/;

/** A dateline opening the first paragraph: "WASHINGTON —", "MARANCHON, SPAIN —", "LONDON (Reuters) -". */
const DATELINE =
  /^[\p{Lu}][\p{Lu}.'’/-]+(?: [\p{Lu}][\p{Lu}.'’/-]+){0,3}(?:, [\p{L}.'’]+(?: [\p{L}.'’]+){0,2})?(?: \d{1,2})?(?: ?\([\p{L} .]{2,30}\))?(?:\s*[—–]\s*|\s+--?\s+)(?=["“\p{Lu}\p{N}])/u;

/** A link label, alone or followed by a separator and the linked headline. */
const READ_MORE =
  /^(?:Read more|Read also|Also read|READ MORE|ALSO READ|Related|RELATED|Related (?:articles?|stories|coverage|content|reading|news|links?)|Recommended(?: for you| reading)?|See also|Further reading|You may also like|You might also like|Don't miss|MORE|Watch|WATCH|Listen|LISTEN)(?:\s*[:|»›>—–-].*)?$/;
/** "More from Asia", "More on this story": a whole short line with no full stop. */
const MORE_FROM = /^More (?:from|on|in|about) [\p{L}\p{N} '’&-]{1,40}$/u;
const ADVERT =
  /^(?:Advertisement|ADVERTISEMENT|Advertising|Sponsored(?: content)?|Paid content|Ad|AD|Skip advertisement|Continue reading(?: below)?|Story continues below(?: advertisement)?|Article continues below(?: advertisement)?|Scroll to continue(?: with content)?|Continue reading the main story)[\s:…-]*$/;
const SOCIAL = new Set(
  'share this article story post on via facebook twitter x linkedin whatsapp telegram reddit email e-mail print copy link tweet pin pinterest messenger sms comments comment save | · • / -'.split(
    ' ',
  ),
);
const FOLLOW =
  /^(?:Follow us|Follow (?:@\w+|[\p{Lu}][\p{L}]+(?: [\p{Lu}][\p{L}]+)* on (?:Twitter|X|Facebook|Instagram|LinkedIn|Threads|Bluesky|TikTok|YouTube|Telegram))|Like us on Facebook|Connect with us|Find us on)\b/u;
const NEWSLETTER =
  /^(?:Subscribe|Sign up|Sign-up|SIGN UP|SUBSCRIBE|Get|Join|Enter your email|Don't miss|Never miss|Want|Stay informed|Stay up to date|Receive)\b.*\b(?:newsletter|inbox|subscribe|subscription|subscriber|briefing|updates|alerts|email)\b/i;
const SUBSCRIBE =
  /^(?:Subscribe|SUBSCRIBE|Subscribe now|Sign up|Sign in|Log in|Register|Already a subscriber\??)(?:\s+(?:now|today|here|for free|to continue|to read more))?[\s.!:…]*$/;
/** A consent banner's opening; the line must also name cookies or consent. */
const COOKIES =
  /^(?:We use cookies|We and our partners use|This (?:site|website) uses cookies|By (?:using|continuing|clicking)|Cookies? (?:policy|settings|preferences|consent|notice)|Manage (?:cookies|preferences|consent)|Accept(?: all)?(?: cookies)?|Reject(?: all)?(?: cookies)?|I accept|Allow (?:all )?cookies|Your privacy)\b/i;
/** A consent banner's buttons, each alone on its line. */
const COOKIE_BUTTON =
  /^(?:Accept all(?: cookies)?|Reject all(?: cookies)?|Accept cookies|Allow all cookies|Manage (?:preferences|cookies|consent|settings)|Cookie settings|I accept|I agree)[.!]?$/i;
/** A caption or credit label opening the line: "Photo: …", "Image / …", "File photo:". */
const PHOTO_LABEL =
  /^\(?(?:Photo|Photograph|Image|Picture|Pictured|Credit|Photo credit|Image credit|Illustration|Graphic|Video|Caption)(?:\s+by)?\s*[:/—–-]\s*\S|^(?:File photo|FILE PHOTO|File image|FILE)(?:\s*[:—–-]|$)/u;
/** "Photo by Jane Doe": short, or it could be a sentence. */
const PHOTO_BY = /^\(?(?:Photo|Photograph|Picture|Illustration)s? by\s+[\p{Lu}][^.]*\)?$/u;
/**
 * A caption's closing credit: "(AP Photo/Jane Doe)", "AP Photo/Jane Doe", "REUTERS/Jane Doe",
 * "via Getty Images", "(Photo: …)". Not "a Reuters/Ipsos poll.": mixed-case agency names
 * count only in parentheses or with "Photo".
 */
const PHOTO_CREDIT_END =
  /(?:\((?:AP|AFP|EPA|Reuters|REUTERS|Xinhua|UPI)(?: Photo)?\s*\/\s*[^/()]{2,60}\)\.?|\b(?:AP|AFP|EPA|Reuters|Xinhua|UPI) Photo\s*\/\s*[\p{Lu}][^/()]{1,60}|\b(?:REUTERS|AFP|EPA|XINHUA)\s*\/\s*[\p{Lu}][\p{L}.'’ -]{1,50}|\((?:Photo|Image|Credit|Photo credit|Courtesy)[:\s][^()]{2,80}\)\.?|(?:\bvia |\/ ?)Getty Images\.?)$/u;
const COPYRIGHT = /^(?:©|\(c\)|Ⓒ|Copyright\s*(?:©|\(c\)|\d{4}\b))|^All rights reserved\.?$/i;

/** Every cleaning rule, in the order they are tried; the first match names the removal. */
export const cleaningRules: readonly CleaningRule[] = [
  {
    name: 'separator',
    description: 'a line of only dashes, bullets or similar marks left by a scraper',
    test: (block) => isSeparator(block),
  },
  {
    name: 'title-line',
    description: 'a "Title: …" line, the label of an embedded related-article card',
    test: (block) => /^Title:\s*\S/.test(block.text),
  },
  {
    name: 'teaser',
    description:
      'a related-article headline right after a separator line: short, no closing full stop',
    test: (block, { blocks, index }) =>
      block.kind === 'paragraph' && isSeparator(blocks[index - 1]) && looksLikeHeadline(block.text),
  },
  {
    name: 'duplicate-title',
    description: 'the headline again, near the top of the text',
    test: (block, ctx) =>
      nearTop(ctx, 4) && ctx.meta.title !== null && sameFolded(block.text, ctx.meta.title),
  },
  {
    name: 'byline',
    description: 'a "By Jane Doe" line near the top; the name moves to the author field',
    test: (block, ctx) =>
      nearTop(ctx, 8) &&
      short(block.text, 16) &&
      !/\p{Ll}{2}\.$/u.test(block.text) &&
      BYLINE.test(block.text),
    meta: (text) => ({ author: BYLINE.exec(text)?.[1] ?? null }),
  },
  {
    name: 'credits',
    description:
      'a "Reporting by … ; Editing by …" credit line; the first name moves to the author field',
    test: (block) => short(block.text, 30) && CREDITS.test(block.text),
    meta: (text) => ({
      author:
        CREDITS.exec(text)?.[1]
          .split(/[;,]| and /)[0]
          .trim() ?? null,
    }),
  },
  {
    name: 'date-line',
    description:
      'a line that is only a date, maybe "Published"/"Updated", near the top; it moves to the published field',
    test: (block, ctx) =>
      nearTop(ctx, 8) && short(block.text, 14) && DATE_LINE.test(block.text.trim()),
    meta: (text) => {
      const date = DATE_LINE.exec(text.trim())?.[2];
      return { published: date === undefined ? null : isoDate(date) };
    },
  },
  {
    name: 'dateline',
    description:
      'a place dateline opening the first paragraph ("WASHINGTON —"); the rest of the paragraph stays',
    prefix: (block, ctx) => {
      if (
        !nearTop(ctx, 10) ||
        block.kind !== 'paragraph' ||
        ctx.blocks.slice(0, ctx.index).some((b) => b.kind === 'paragraph' && !short(b.text, 12))
      )
        return 0;
      const m = DATELINE.exec(block.text);
      return m && m[0].length <= 60 ? m[0].length : 0;
    },
  },
  {
    name: 'read-more',
    description:
      '"Read more", "Related", "Also read", "See also" … lines pointing at other articles',
    test: (block) =>
      short(block.text, 20) && (READ_MORE.test(block.text) || MORE_FROM.test(block.text)),
  },
  {
    name: 'advertisement',
    description: '"Advertisement", "Story continues below" and similar ad slot labels',
    test: (block) => ADVERT.test(block.text),
  },
  {
    name: 'share',
    description: 'a line of sharing buttons: "Share this", "Facebook Twitter Email", "Print"',
    test: (block) => {
      // A sentence ends with a full stop; a row of buttons does not.
      if (/\.$/.test(block.text)) return false;
      const words = block.text.toLowerCase().replace(/:/g, '').split(/\s+/);
      return (
        words.length <= 12 && words.every((w) => SOCIAL.has(w)) && words.some((w) => w.length > 1)
      );
    },
  },
  {
    name: 'follow',
    description: '"Follow us on …" social media prompts',
    test: (block) => short(block.text, 15) && FOLLOW.test(block.text),
  },
  {
    name: 'newsletter',
    description: 'newsletter and subscription prompts ("Sign up for our newsletter", "Subscribe")',
    test: (block) =>
      (short(block.text, 25) && NEWSLETTER.test(block.text)) || SUBSCRIBE.test(block.text),
  },
  {
    name: 'cookie-notice',
    description: 'cookie and consent banners',
    test: (block) =>
      COOKIE_BUTTON.test(block.text) ||
      (short(block.text, 60) && COOKIES.test(block.text) && /cookie|consent/i.test(block.text)),
  },
  {
    name: 'photo-credit',
    description:
      'photo credits and captions: "(Photo: …)", "Photo by …", "AP Photo/…", "Image: …", "File photo"',
    test: (block) =>
      block.kind !== 'heading' &&
      short(block.text, 45) &&
      (PHOTO_LABEL.test(block.text) ||
        PHOTO_CREDIT_END.test(block.text) ||
        (short(block.text, 8) && PHOTO_BY.test(block.text))),
  },
  {
    name: 'caption',
    description: 'a caption the page marked as one (`<figcaption>`)',
    test: (block) => block.role === 'caption',
  },
  {
    name: 'copyright',
    description: 'copyright footers: "© 2025 …", "Copyright …", "All rights reserved"',
    test: (block) => short(block.text, 40) && COPYRIGHT.test(block.text),
  },
];

/**
 * The whole-line rule that would remove a line on its own, or null. Readers use it to keep
 * clutter from being joined onto a body paragraph (where a rule would take both), and to name
 * what page text outside the article is.
 */
export function clutterRule(text: string): string | null {
  const block: Block = { kind: 'paragraph', text: text.trim(), offset: 0 };
  const meta = {
    title: null,
    source: null,
    url: null,
    author: null,
    published: null,
    language: null,
  };
  return (
    cleaningRules.find((r) => r.test?.(block, { blocks: [block], index: 0, meta }))?.name ?? null
  );
}

/** True when a line on its own would be removed by a whole-line rule. */
export function looksLikeClutter(text: string): boolean {
  return clutterRule(text) !== null;
}

/** What cleaning kept, what it removed (and by which rule), and metadata it lifted out. */
export interface CleanResult {
  kept: Block[];
  removed: { block: Block; rule: string }[];
  /** Metadata lifted out of removed lines; fields the reader already knows are not in here. */
  meta: Partial<ArticleMeta>;
}

/**
 * Runs every rule over every block; the first rule that matches removes the block (or, for a
 * prefix rule, the block's start). Metadata from removed text fills only fields still unknown.
 */
export function clean(
  blocks: readonly Block[],
  meta: Readonly<ArticleMeta>,
  rules: readonly CleaningRule[] = cleaningRules,
): CleanResult {
  const kept: Block[] = [];
  const removed: CleanResult['removed'] = [];
  const lifted: Partial<ArticleMeta> = {};
  const lift = (rule: CleaningRule, text: string) => {
    for (const [key, value] of Object.entries(rule.meta?.(text) ?? {}) as [
      keyof ArticleMeta,
      string | null,
    ][]) {
      if (value && meta[key] === null && lifted[key] === undefined) lifted[key] = value;
    }
  };
  blocks.forEach((block, index) => {
    const ctx: RuleContext = { blocks, index, meta };
    const rule = rules.find((r) => r.test?.(block, ctx));
    if (rule) {
      removed.push({ block, rule: rule.name });
      lift(rule, block.text);
      return;
    }
    for (const r of rules) {
      const length = r.prefix?.(block, ctx) ?? 0;
      if (length <= 0 || length >= block.text.length) continue;
      const head = block.text.slice(0, length).trimEnd();
      removed.push({ block: { ...block, text: head }, rule: r.name });
      lift(r, head);
      block = { ...block, text: block.text.slice(length), offset: block.offset + length };
    }
    kept.push(block);
  });
  return { kept, removed, meta: lifted };
}
