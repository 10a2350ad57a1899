import { WIDTH_RANGES, WIDTHS } from './data/widths.generated.ts';

/** The three faces map labels use (Roboto Regular, Medium, Italic). */
export type LabelFace = 'regular' | 'bold' | 'italic';

/** Width of a character the table lacks, in em: about Roboto's average lower-case letter. */
const AVERAGE = 0.56;

let tables: Record<LabelFace, Map<number, number>> | undefined;

/**
 * Advance widths from a generated table rather than fontkit: measuring with the font itself
 * would load and parse Roboto before pdfkit does, about 100 ms on a cold start.
 */
function getTables(): Record<LabelFace, Map<number, number>> {
  if (tables) return tables;
  const build = (list: string) => {
    const values = list.split(',').map(Number);
    const map = new Map<number, number>();
    let i = 0;
    for (const [lo, hi] of WIDTH_RANGES)
      for (let c = lo; c <= hi; c++) map.set(c, values[i++] / 1000);
    return map;
  };
  tables = {
    regular: build(WIDTHS.regular),
    bold: build(WIDTHS.bold),
    italic: build(WIDTHS.italic),
  };
  return tables;
}

/** Width of `text` in points at `size`, with `spacing` points after each character but the last. */
export function labelWidth(text: string, size: number, face: LabelFace, spacing = 0): number {
  const widths = getTables()[face];
  let em = 0;
  let n = 0;
  for (const ch of text) {
    em += widths.get(ch.codePointAt(0)!) ?? AVERAGE;
    n++;
  }
  return em * size + Math.max(0, n - 1) * spacing;
}
