/**
 * `BRIEFSMITH_STOCK_RENDER=1`: pdfmake and pdfkit as they ship, without the render
 * speed-ups (README, Architecture), to rule them out when a PDF looks wrong. (The launcher,
 * bin/briefsmith.cjs, also skips the startup snapshot when the variable is set at all.)
 */
export function stockRenderAsked(): boolean {
  return process.env.BRIEFSMITH_STOCK_RENDER === '1';
}
