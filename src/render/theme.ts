/**
 * The look of a brief. A template's front-matter sets any of these; the rest come from
 * `defaultTheme`. Values are plain data so they can be validated and printed.
 */
export interface Theme {
  page: {
    size: 'A4' | 'LETTER' | 'LEGAL' | 'A5';
    orientation: 'portrait' | 'landscape';
    /** Left, top, right, bottom, in points. */
    margins: [number, number, number, number];
  };
  fonts: { body: string };
  fontSize: number;
  colors: {
    text: string;
    accent: string;
    muted: string;
    rule: string;
    boxFill: string;
    boxBorder: string;
    tableHeaderFill: string;
    tableHeaderText: string;
    tableStripe: string;
    link: string;
  };
  /** Classification / TLP banner at the top and bottom of every page. */
  banner: boolean;
  watermark: string | null;
  /** A short running title printed in the footer, next to the page number. */
  footerText: string | null;
}

export const defaultTheme: Theme = {
  page: { size: 'A4', orientation: 'portrait', margins: [56, 64, 56, 64] },
  fonts: { body: 'Roboto' },
  fontSize: 9.5,
  colors: {
    text: '#1b1f24',
    accent: '#1f3a5f',
    muted: '#5b6672',
    rule: '#c5ccd4',
    boxFill: '#eef2f7',
    boxBorder: '#1f3a5f',
    tableHeaderFill: '#1f3a5f',
    tableHeaderText: '#ffffff',
    tableStripe: '#f5f7fa',
    link: '#1f4e8c',
  },
  banner: true,
  watermark: null,
  footerText: null,
};

/** Page sizes in points, portrait. */
export const PAGE_SIZES: Record<Theme['page']['size'], [number, number]> = {
  A4: [595.28, 841.89],
  LETTER: [612, 792],
  LEGAL: [612, 1008],
  A5: [419.53, 595.28],
};

/** The width text can use on a page, in points. */
export function contentWidth(theme: Theme): number {
  const [w, h] = PAGE_SIZES[theme.page.size];
  const pageWidth = theme.page.orientation === 'landscape' ? h : w;
  return pageWidth - theme.page.margins[0] - theme.page.margins[2];
}
