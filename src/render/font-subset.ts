/**
 * A faster TrueType subset writer for fontkit's `TTFSubset`, the one pdfkit uses to embed
 * Roboto in every brief. fontkit decodes every glyph's outline (only to see whether it is
 * composite) and writes the font through its generic struct encoder: most of the time a
 * brief spends after layout. This writes the same bytes directly:
 *
 * - the tables that do not depend on the glyphs (head, cvt, prep, fpgm, and hhea and maxp
 *   but for their glyph counts) are taken, once per font, from fontkit's own output for a
 *   one-glyph subset;
 * - what fontkit learns of each glyph (its bytes, the components of a composite glyph, its
 *   metrics) is kept per font, so a glyph is read once per process;
 * - glyf, loca and hmtx are written for each subset as fontkit writes them.
 *
 * A font it does not cover (variable fonts, whose outlines fontkit re-encodes) goes to
 * fontkit as before. The tests compare both writers' bytes on many glyph sets.
 */

interface Glyph {
  advanceWidth: number;
  _decode(): { numberOfContours: number; components?: { glyphID: number; pos: number }[] } | null;
  _getMetrics(): { leftBearing: number };
}

interface TrueTypeFont {
  loca: { offsets: number[]; version: number };
  _variationProcessor?: unknown;
  _glyphs: Record<number, Glyph>;
  getGlyph(id: number): Glyph;
  _getTableStream(tag: string): { pos: number; readBuffer(length: number): Uint8Array };
}

/** The part of fontkit's (unexported) TTFSubset class this module uses. */
export interface TrueTypeSubset {
  font: TrueTypeFont;
  glyphs: number[];
  includeGlyph(id: number): number;
  encode(): Uint8Array;
}

/** What a subset needs of one glyph, read once per font. */
interface GlyphRecord {
  bytes: Uint8Array;
  /** A composite glyph's components: the glyph each refers to, and where its id is written. */
  components: { glyphID: number; pos: number }[] | null;
  advance: number;
  bearing: number;
}

/** One font's tables as fontkit writes them, in fontkit's order. */
interface FontPlan {
  tags: string[];
  fixed: Map<string, Uint8Array>;
  locaVersion: number;
  glyphs: Map<number, GlyphRecord>;
}

const plans = new WeakMap<object, FontPlan | null>();

/** Byte offsets of the glyph counts in hhea (numberOfMetrics) and maxp (numGlyphs), per the OpenType spec. */
const HHEA_METRICS_AT = 34;
const MAXP_GLYPHS_AT = 4;

/** The tables of a font file fontkit wrote: tag → bytes, in directory order. */
function readTables(file: Uint8Array): Map<string, Uint8Array> {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const tables = new Map<string, Uint8Array>();
  const count = view.getUint16(4);
  for (let i = 0; i < count; i++) {
    const entry = 12 + i * 16;
    const tag = String.fromCharCode(...file.subarray(entry, entry + 4));
    const offset = view.getUint32(entry + 8);
    const length = view.getUint32(entry + 12);
    tables.set(tag, file.subarray(offset, offset + length));
  }
  return tables;
}

const VARIABLE_TABLES = new Set(['glyf', 'loca', 'hmtx']);

function planFor(subset: TrueTypeSubset, encode: () => Uint8Array): FontPlan | null {
  const font = subset.font;
  let plan = plans.get(font);
  if (plan !== undefined) return plan;
  plan = null;
  if (!font._variationProcessor) {
    // fontkit's own file for a subset of the missing glyph alone: every subset starts with it.
    const probe = Object.create(Object.getPrototypeOf(subset)) as TrueTypeSubset;
    Object.assign(probe, { font, glyphs: [0], mapping: { 0: 0 } });
    const tables = readTables(encode.call(probe));
    const expected = ['head', 'hhea', 'loca', 'maxp', 'glyf', 'hmtx'];
    if (expected.every((tag) => tables.has(tag))) {
      const fixed = new Map<string, Uint8Array>();
      for (const [tag, bytes] of tables)
        if (!VARIABLE_TABLES.has(tag)) fixed.set(tag, Uint8Array.from(bytes));
      plan = { tags: [...tables.keys()], fixed, locaVersion: font.loca.version, glyphs: new Map() };
    }
  }
  plans.set(font, plan);
  return plan;
}

/** fontkit's `_addGlyph`, less the writing: the glyph's bytes, components and metrics. */
function glyphRecord(font: TrueTypeFont, plan: FontPlan, gid: number): GlyphRecord {
  let record = plan.glyphs.get(gid);
  if (record) return record;
  // fontkit caches glyph objects per font with the characters of their first request; one
  // made here, by id, would have none. pdfkit's shaping no longer reads that cache (see
  // shapeWithOwnGlyphs in pdfkit-tuning.ts), but the font is shared across briefs and its
  // own `layout` does: a glyph made here is not left in the cache.
  const cached = Object.hasOwn(font._glyphs, gid);
  const glyph = font.getGlyph(gid);
  if (!cached) delete font._glyphs[gid];
  const outline = glyph._decode();
  const start = font.loca.offsets[gid];
  const stream = font._getTableStream('glyf');
  stream.pos += start;
  const bytes = Uint8Array.from(stream.readBuffer(font.loca.offsets[gid + 1] - start));
  const composite = outline !== null && outline.numberOfContours < 0;
  record = {
    bytes,
    components: composite
      ? (outline.components ?? []).map(({ glyphID, pos }) => ({ glyphID, pos }))
      : null,
    advance: glyph.advanceWidth,
    bearing: glyph._getMetrics().leftBearing,
  };
  plan.glyphs.set(gid, record);
  return record;
}

/** The subset's font file, byte for byte as fontkit's `TTFSubset.encode` writes it. */
function encodeSubset(subset: TrueTypeSubset, plan: FontPlan): Uint8Array {
  const glyf: Uint8Array[] = [];
  const offsets: number[] = [];
  const metrics: number[] = [];
  let offset = 0;
  // Composite glyphs add their components to `subset.glyphs` as the loop goes, as in fontkit.
  for (let i = 0; i < subset.glyphs.length; i++) {
    const record = glyphRecord(subset.font, plan, subset.glyphs[i]);
    let bytes = record.bytes;
    if (record.components) {
      bytes = Uint8Array.from(bytes);
      const view = new DataView(bytes.buffer);
      for (const c of record.components) view.setUint16(c.pos, subset.includeGlyph(c.glyphID));
    }
    glyf.push(bytes);
    offsets.push(offset);
    metrics.push(record.advance, record.bearing);
    offset += bytes.length;
  }
  offsets.push(offset);
  const count = glyf.length;

  const shortLoca = plan.locaVersion === 0;
  const sizes = new Map<string, number>();
  for (const tag of plan.tags) {
    const fixed = plan.fixed.get(tag);
    sizes.set(
      tag,
      fixed
        ? fixed.length
        : tag === 'glyf'
          ? offset
          : tag === 'loca'
            ? offsets.length * (shortLoca ? 2 : 4)
            : count * 4,
    );
  }
  const directorySize = 12 + 16 * plan.tags.length;
  let total = directorySize;
  for (const size of sizes.values()) total += size;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);

  // The directory: fontkit writes the tag 'true', zero checksums, and the tables in order.
  const powerOf2 = 2 ** Math.floor(Math.log2(plan.tags.length));
  out.set([0x74, 0x72, 0x75, 0x65]);
  view.setUint16(4, plan.tags.length);
  view.setUint16(6, powerOf2 * 16);
  view.setUint16(8, Math.log2(powerOf2));
  view.setUint16(10, plan.tags.length * 16 - powerOf2 * 16);
  let at = directorySize;
  for (const [i, tag] of plan.tags.entries()) {
    const entry = 12 + i * 16;
    for (let k = 0; k < 4; k++) out[entry + k] = tag.charCodeAt(k);
    view.setUint32(entry + 4, 0);
    view.setUint32(entry + 8, at);
    view.setUint32(entry + 12, sizes.get(tag) as number);
    at += sizes.get(tag) as number;
  }

  at = directorySize;
  for (const tag of plan.tags) {
    const fixed = plan.fixed.get(tag);
    if (fixed) {
      out.set(fixed, at);
      if (tag === 'hhea') view.setUint16(at + HHEA_METRICS_AT, count);
      if (tag === 'maxp') view.setUint16(at + MAXP_GLYPHS_AT, count);
    } else if (tag === 'glyf') {
      let p = at;
      for (const bytes of glyf) {
        out.set(bytes, p);
        p += bytes.length;
      }
    } else if (tag === 'loca') {
      for (const [i, o] of offsets.entries()) {
        if (shortLoca) view.setUint16(at + i * 2, o >>> 1);
        else view.setUint32(at + i * 4, o);
      }
    } else {
      for (let i = 0; i < count; i++) {
        view.setUint16(at + i * 4, metrics[i * 2]);
        view.setInt16(at + i * 4 + 2, metrics[i * 2 + 1]);
      }
    }
    at += sizes.get(tag) as number;
  }
  return out;
}

const installed = new WeakSet<object>();

/** Replaces `encode` on fontkit's TrueType subset class, reached through one of its instances. */
export function fasterTrueTypeSubsets(subset: TrueTypeSubset): void {
  const prototype = Object.getPrototypeOf(subset) as TrueTypeSubset;
  if (installed.has(prototype)) return;
  installed.add(prototype);
  const own = prototype.encode;
  const encode = function (this: TrueTypeSubset) {
    const plan = planFor(this, own);
    return plan ? encodeSubset(this, plan) : own.call(this);
  };
  prototype.encode = Object.assign(encode, { original: own });
}

/** fontkit's own writer, for the tests that compare the two. */
export function fontkitEncode(subset: TrueTypeSubset): Uint8Array {
  const { encode } = Object.getPrototypeOf(subset) as {
    encode: (() => Uint8Array) & { original?: () => Uint8Array };
  };
  return (encode.original ?? encode).call(subset);
}
