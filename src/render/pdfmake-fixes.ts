/**
 * Fixes to what pdfmake lays out. Unlike the speed-ups (pdfmake-tuning.ts, pdfkit-tuning.ts),
 * these change the output on purpose, so they apply with `BRIEFSMITH_STOCK_RENDER=1` too.
 */

/** The parts of a pdfmake line that justifying reads and moves. */
export interface LaidOutLine {
  inlines: { text: string; x: number; alignment?: string; justifyShift?: number }[];
  newLineForced?: boolean;
  lastLineInParagraph?: boolean;
  getWidth(): number;
}

/** An item of a laid-out page: a line may carry a bookmark (`_outline`). */
interface PageItem {
  type: string;
  item: { _outline?: unknown };
}

/** The part of pdfmake's ElementWriter class that aligns a line. */
export interface ElementWriterClass {
  prototype: {
    context(): { availableWidth: number };
    alignLine(line: LaidOutLine): void;
  };
}

/** The part of pdfmake's ElementWriter class that adds a laid-out block to the page. */
export interface FragmentWriterClass {
  prototype: {
    context(): { getCurrentPage(): { items: PageItem[] } | null };
    addFragment(fragment: { insertedOnPages?: unknown }, ...rest: unknown[]): unknown;
  };
}

const fixed = new WeakSet<object>();
const repeatFixed = new WeakSet<object>();

/** An inline that ends a word: it carries the space after it (U+200B is no space). */
const endsWord = (text: string) => /\s$/.test(text);

/**
 * pdfmake justifies a line by spreading what is left of its width over every gap between
 * its inlines. An inline is a word with the space after it, but also part of a word:
 * "five-year" may break after its hyphen, so it is two inlines, and a word whose style
 * changes mid-way is two as well. The line then reads "five- year". This spreads the rest
 * over the spaces between words only (each inline's `justifyShift`, the width its
 * underline or background stretches back over, follows); a line with no space between words
 * is left as set. A line whose every gap is a space is pdfmake's own, to the byte.
 */
export function justifyAtWordSpaces(ElementWriter: ElementWriterClass): void {
  if (fixed.has(ElementWriter)) return;
  fixed.add(ElementWriter);
  const own = ElementWriter.prototype.alignLine;
  ElementWriter.prototype.alignLine = function (this: ElementWriterClass['prototype'], line) {
    const { inlines } = line;
    const justified =
      inlines.length > 1 &&
      inlines[0].alignment === 'justify' &&
      !line.newLineForced &&
      !line.lastLineInParagraph;
    if (!justified) return own.call(this, line);
    let spaces = 0;
    for (let i = 0; i < inlines.length - 1; i++) if (endsWord(inlines[i].text)) spaces++;
    if (spaces === inlines.length - 1) return own.call(this, line);
    if (spaces === 0) return;
    const spacing = (this.context().availableWidth - line.getWidth()) / spaces;
    let passed = 0;
    for (let i = 1; i < inlines.length; i++) {
      if (!endsWord(inlines[i - 1].text)) {
        inlines[i].x += passed * spacing;
        continue;
      }
      passed++;
      inlines[i].x += passed * spacing;
      inlines[i].justifyShift = spacing;
    }
  };
}

/**
 * pdfmake repeats a table's header rows at the top of each page the table runs onto, by
 * adding copies of their laid-out lines; a copy keeps the line's bookmark, so a titled
 * table (a digest's index section) got one bookmark a page. The copies a repeat adds
 * (its fragment is one of pdfmake's repeatables, which note the pages they went on) lose
 * theirs; the header where the table starts keeps it.
 */
export function bookmarkRepeatedHeadersOnce(ElementWriter: FragmentWriterClass): void {
  if (repeatFixed.has(ElementWriter)) return;
  repeatFixed.add(ElementWriter);
  const own = ElementWriter.prototype.addFragment;
  ElementWriter.prototype.addFragment = function (
    this: FragmentWriterClass['prototype'],
    fragment,
    ...rest
  ) {
    const page = fragment.insertedOnPages ? this.context().getCurrentPage() : null;
    if (!page) return own.call(this, fragment, ...rest);
    const before = new Set(page.items);
    const added = own.call(this, fragment, ...rest);
    for (const item of page.items) {
      if (item.type === 'line' && !before.has(item) && item.item._outline) {
        delete item.item._outline;
      }
    }
    return added;
  };
}
