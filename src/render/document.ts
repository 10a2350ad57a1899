import type { Diagnostic, Result } from '../types.ts';
import { fontPlan } from './fonts.ts';
import { lexBrief } from './markdown.ts';
import type { Theme } from './theme.ts';
import { type PdfNode, walk } from './walker.ts';

/** The classification or TLP line printed at the top and bottom of every page. */
export interface Banner {
  text: string;
  /** Text colour. */
  color: string;
  /** Background colour. */
  fill: string;
}

export interface DocumentInfo {
  title: string;
  author: string;
  subject: string;
  keywords: string;
  creator: string;
  /** Written as the PDF's creation and modification date; fixes the file ID, so output is reproducible. */
  date: Date;
}

export interface RenderInput {
  markdown: string;
  /** Folders images may come from (the template's and the input's); the first resolves relative paths. */
  assetDirs?: readonly string[];
  /** Write PDF/A-2b (archival): every font embedded, XMP identification. */
  pdfa?: boolean;
  /** Named in diagnostics about the Markdown. */
  file: string;
  theme: Theme;
  banner: Banner | null;
  info: DocumentInfo;
}

/** A pdfmake document definition, as plain data plus header/footer functions. */
export type DocDefinition = Record<string, unknown>;

function styles(theme: Theme): Record<string, PdfNode> {
  const { colors } = theme;
  return {
    h1: { fontSize: 19, bold: true, color: colors.accent, margin: [0, 0, 0, 4], lineHeight: 1.1 },
    h2: { fontSize: 12, bold: true, color: colors.accent, margin: [0, 14, 0, 5] },
    h3: { fontSize: 10.5, bold: true, color: colors.text, margin: [0, 10, 0, 4] },
    h4: { fontSize: 9.5, bold: true, italics: true, color: colors.text, margin: [0, 8, 0, 3] },
    p: { margin: [0, 0, 0, 6], lineHeight: 1.25, alignment: 'justify' },
    listItem: { margin: [0, 0, 0, 2], lineHeight: 1.2 },
    list: { margin: [0, 0, 0, 6] },
    table: { margin: [0, 2, 0, 10], fontSize: theme.fontSize - 1 },
    tableHeader: { bold: true, color: colors.tableHeaderText, fontSize: theme.fontSize - 1.5 },
    boxTitle: {
      bold: true,
      fontSize: theme.fontSize - 1,
      color: colors.accent,
      margin: [0, 0, 0, 4],
    },
    note: {
      fontSize: theme.fontSize - 1.5,
      color: colors.muted,
      italics: true,
      margin: [0, 0, 0, 2],
    },
    meta: { fontSize: theme.fontSize - 1, color: colors.muted, margin: [0, 0, 0, 1] },
    quote: { italics: true, margin: [0, 0, 0, 3], lineHeight: 1.2 },
    code: { fontSize: theme.fontSize - 1.5 },
  };
}

function bannerNode(banner: Banner, theme: Theme, top: boolean): PdfNode {
  const [left, , right] = theme.page.margins;
  return {
    table: {
      widths: ['*'],
      body: [
        [
          {
            text: banner.text,
            bold: true,
            alignment: 'center',
            color: banner.color,
            fontSize: 8.5,
          },
        ],
      ],
    },
    layout: {
      fillColor: () => banner.fill,
      hLineWidth: () => 0,
      vLineWidth: () => 0,
      paddingTop: () => 2,
      paddingBottom: () => 2,
    },
    margin: top ? [left, 22, right, 0] : [left, 4, right, 0],
  };
}

/**
 * Builds the pdfmake document definition for a brief: the Markdown walked to content,
 * the theme's styles, banners, page numbers, bookmarks and metadata.
 */
export function buildDocument(input: RenderInput): Result<DocDefinition> {
  const { theme, banner, info } = input;
  const diagnostics: Diagnostic[] = [];
  const fonts = fontPlan();
  const tokens = lexBrief(input.markdown);
  const content = walk(tokens, {
    theme,
    file: input.file,
    diagnostics,
    line: 1,
    outline: { counter: 0, parent: null },
    fonts,
    assetDirs: input.assetDirs ?? [],
    hasToc: tokens.some((t) => t.type === 'container' && (t as { name?: string }).name === 'toc'),
  });
  if (fonts.missing.size > 0) {
    const chars = [...fonts.missing].map(
      (c) => `${c} (U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')})`,
    );
    diagnostics.push({
      severity: 'warning',
      code: 'missing-glyphs',
      message: `no installed font can draw ${chars.length === 1 ? 'this character' : 'these characters'}: ${chars.join(', ')}`,
      file: input.file,
      hint: 'install a font that has them (for Chinese, Japanese and Korean: the fonts-noto-cjk package)',
    });
  }
  if (fonts.rightToLeft.size > 0) {
    diagnostics.push({
      severity: 'warning',
      code: 'right-to-left',
      message:
        'Arabic or Hebrew text is printed left to right without joining (pdfmake has no right-to-left layout)',
      file: input.file,
      hint: 'check those passages against the source article',
    });
  }
  const [left, , right] = theme.page.margins;
  const showBanner = theme.banner && banner !== null;
  const doc: DocDefinition = {
    ...(input.pdfa ? { version: '1.7', subset: 'PDF/A-2b' } : {}),
    language: 'en',
    displayTitle: true,
    pageSize: theme.page.size,
    pageOrientation: theme.page.orientation,
    pageMargins: [...theme.page.margins],
    info: {
      title: info.title,
      author: info.author,
      subject: info.subject,
      keywords: info.keywords,
      creator: info.creator,
      producer: 'Briefsmith (pdfmake)',
      creationDate: info.date,
      modDate: info.date,
    },
    defaultStyle: { font: theme.fonts.body, fontSize: theme.fontSize, color: theme.colors.text },
    styles: styles(theme),
    content,
    header: showBanner ? () => bannerNode(banner, theme, true) : undefined,
    footer: (currentPage: number, pageCount: number) => ({
      stack: [
        {
          columns: [
            { text: theme.footerText ?? '', fontSize: 7.5, color: theme.colors.muted },
            {
              text: `Page ${currentPage} of ${pageCount}`,
              alignment: 'right',
              fontSize: 7.5,
              color: theme.colors.muted,
            },
          ],
          margin: [left, 10, right, 0],
        },
        ...(showBanner ? [bannerNode(banner, theme, false)] : []),
      ],
    }),
    ...(theme.watermark
      ? {
          watermark: {
            text: theme.watermark,
            color: theme.colors.accent,
            opacity: 0.08,
            bold: true,
          },
        }
      : {}),
  };
  return { value: doc, diagnostics };
}

/** The definition as JSON for `--emit docdef`: functions (header, footer, layouts) are named, not run. */
export function docDefinitionJson(doc: DocDefinition): string {
  return JSON.stringify(
    doc,
    (_key, value) =>
      typeof value === 'function'
        ? '[function]'
        : value instanceof Date
          ? value.toISOString()
          : value,
    2,
  );
}
