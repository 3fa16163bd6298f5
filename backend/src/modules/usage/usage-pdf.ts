import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { UsagePricedItem, UsageStatement } from '@multpanel/contracts';

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;
const LINE = 16;

/** The standard fonts encode WinAnsi only: anything else would throw, so it prints as "?". */
const printable = (t: string) => t.replace(/[^\x20-\x7e\xa0-\xff]/g, '?');

const qty = (n: number | null) =>
  n === null ? 'not reported' : n.toLocaleString('en', { maximumFractionDigits: 4 });

/**
 * A statement a customer can be sent: the brand at the top, the company and month, one line per
 * item (priced when the company has a price list), the total, then running hours per guest.
 */
export async function statementPdf(
  s: UsageStatement,
  heading: { brand: string; companyName: string },
): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(printable(`Usage statement ${heading.companyName} ${s.month}`));
  doc.setProducer(printable(heading.brand));
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  let page: PDFPage = doc.addPage(A4);
  let y = A4[1] - MARGIN;

  const text = (
    t: string,
    x: number,
    opts: { f?: PDFFont; size?: number; right?: boolean } = {},
  ) => {
    const f = opts.f ?? font;
    const size = opts.size ?? 10;
    const str = printable(t);
    if (!str) return;
    const at = opts.right ? x - f.widthOfTextAtSize(str, size) : x;
    page.drawText(str, { x: at, y, size, font: f, color: rgb(0, 0, 0) });
  };
  const next = (by = LINE) => {
    y -= by;
    if (y < MARGIN) {
      page = doc.addPage(A4);
      y = A4[1] - MARGIN;
    }
  };

  text(heading.brand, MARGIN, { f: bold, size: 18 });
  next(28);
  text(`Usage statement: ${heading.companyName}`, MARGIN, { f: bold, size: 13 });
  next(18);
  text(`Month ${s.month} (UTC), ${s.hoursSampled} of ${s.hoursInMonth} hours sampled`, MARGIN);
  next(28);

  const cols = { item: MARGIN, qty: 300, unit: 310, price: 470, amount: A4[0] - MARGIN };
  const row = (cells: string[], f: PDFFont = font) => {
    text(cells[0]!, cols.item, { f });
    text(cells[1]!, cols.qty, { f, right: true });
    text(cells[2]!, cols.unit, { f });
    text(cells[3]!, cols.price, { f, right: true });
    text(cells[4]!, cols.amount, { f, right: true });
    next();
  };
  row(['Item', 'Quantity', 'Unit', 'Unit price', 'Amount'], bold);
  const priced = (item: UsagePricedItem) => {
    const l = s.priced?.lines.find((x) => x.item === item);
    return l ? [String(l.unitPrice), l.amount.toFixed(2)] : ['', ''];
  };
  row(['vCPU', qty(s.vcpuHours), 'vCPU-hours', ...priced('vcpu')]);
  row(['Memory', qty(s.ramGbHours), 'GB-hours', ...priced('ram')]);
  row(['Disk (allocated)', qty(s.diskGbMonths), 'GB-months', ...priced('disk')]);
  row(['Disk (used, containers)', qty(s.diskUsedGbMonths), 'GB-months', '', '']);
  row(['Backup storage', qty(s.backupGbMonths), 'GB-months', ...priced('backup')]);
  row(['Public IPs', qty(s.publicIpMonths), 'IP-months', ...priced('publicIp')]);
  next(4);
  if (s.priced) row(['Total', '', '', s.priced.currency, s.priced.total.toFixed(2)], bold);
  else {
    text('No price list: quantities only.', MARGIN);
    next();
  }

  next(20);
  text('Running hours per guest', MARGIN, { f: bold, size: 12 });
  next(20);
  if (s.guests.length === 0) text('No guest ran this month.', MARGIN);
  for (const g of s.guests) {
    text(g.name ?? `Deleted guest ${g.guestId}`, MARGIN);
    text(String(g.runningHours), cols.amount, { right: true });
    next();
  }
  return doc.save();
}
