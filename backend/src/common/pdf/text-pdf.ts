import type * as PdfLib from 'pdf-lib';
import type { PDFDocument, PDFFont, PDFPage } from 'pdf-lib';

// Loaded on the first PDF, not at start-up: pdf-lib is the costliest library to load and only the
// routes and jobs that print need it.
let pdfLib: Promise<typeof PdfLib> | undefined;
const loadPdfLib = () => (pdfLib ??= import('pdf-lib'));

export const A4: [number, number] = [595.28, 841.89];
export const MARGIN = 50;
const LINE = 16;

/** The standard fonts encode WinAnsi only: anything else would throw, so it prints as "?". */
export const printable = (t: string) => t.replace(/[^\x20-\x7e\xa0-\xff]/g, '?');

/**
 * A plain A4 text document (pdf-lib, Helvetica): lines written top-down, a new page when one is
 * full. The platform's customer-facing PDFs (usage statements, restore test reports) use it.
 */
export class TextPdf {
  private page!: PDFPage;
  private y = 0;

  private constructor(
    private readonly lib: typeof PdfLib,
    private readonly doc: PDFDocument,
    readonly font: PDFFont,
    readonly bold: PDFFont,
  ) {
    this.addPage();
  }

  static async create(meta: { title: string; producer: string }): Promise<TextPdf> {
    const lib = await loadPdfLib();
    const doc = await lib.PDFDocument.create();
    doc.setTitle(printable(meta.title));
    doc.setProducer(printable(meta.producer));
    const font = await doc.embedFont(lib.StandardFonts.Helvetica);
    const bold = await doc.embedFont(lib.StandardFonts.HelveticaBold);
    return new TextPdf(lib, doc, font, bold);
  }

  /** Text on the current line at `x` (its right edge at `x` with `right`); empty text is skipped. */
  text(t: string, x: number, opts: { f?: PDFFont; size?: number; right?: boolean } = {}): void {
    const f = opts.f ?? this.font;
    const size = opts.size ?? 10;
    const str = printable(t);
    if (!str) return;
    const at = opts.right ? x - f.widthOfTextAtSize(str, size) : x;
    this.page.drawText(str, { x: at, y: this.y, size, font: f, color: this.lib.rgb(0, 0, 0) });
  }

  /** `t` cut to fit `width` at `size` (with "..."), so a long name does not run into a column. */
  fit(t: string, width: number, size = 10, f: PDFFont = this.font): string {
    let s = printable(t);
    if (f.widthOfTextAtSize(s, size) <= width) return s;
    while (s.length > 1 && f.widthOfTextAtSize(`${s}...`, size) > width) s = s.slice(0, -1);
    return `${s}...`;
  }

  /** Down `by` points; a new page when the margin is reached. */
  next(by = LINE): void {
    this.y -= by;
    if (this.y < MARGIN) this.addPage();
  }

  save(): Promise<Uint8Array> {
    return this.doc.save();
  }

  private addPage(): void {
    this.page = this.doc.addPage(A4);
    this.y = A4[1] - MARGIN;
  }
}
