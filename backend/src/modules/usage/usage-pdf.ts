import type { PDFFont } from 'pdf-lib';
import type { UsagePricedItem, UsageStatement } from '@multpanel/contracts';
import { A4, MARGIN, TextPdf } from '../../common/pdf/text-pdf';

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
  const pdf = await TextPdf.create({
    title: `Usage statement ${heading.companyName} ${s.month}`,
    producer: heading.brand,
  });
  const { font, bold } = pdf;
  const text = pdf.text.bind(pdf);
  const next = pdf.next.bind(pdf);

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
  return pdf.save();
}
