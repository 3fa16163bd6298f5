import type { MetricStep } from '@multpanel/contracts';
import type { MetricSample } from './metrics-aggregate';

// Pure: the samples of one series over one bucket of time, packed into one row's blob.
//
// A row per sample cost ~124 bytes in InnoDB (row header, transaction fields, primary key, a
// secondary index, page slack) for ~50 bytes of figures, which put 100,000 guests' aggregates at
// ~900 MiB for 30 days. A chunk holds a bucket's slots (1 h of minutes, 1 day of quarters, 32 days
// of days), so InnoDB's per-row costs are paid once per bucket, and each column is stored as:
//   - constant over the bucket (maxima, guest counts most of the time): one float64, or
//   - 16-bit steps between the bucket's min and max: error ≤ (max − min) / 131,070 — far below
//     what a chart shows or a threshold reads (alerts judge live readings, never these points).
//     Integer columns (running, guests) are rounded back and stay exact up to 65,534.
// A varying column takes a u16 for every slot, filled or not, so a chunk keeps its size while its
// bucket fills, and a new chunk can be born at its final size (`varying`: the columns that varied
// in the series' previous chunk). InnoDB then updates the row in place instead of splitting pages
// as it grows: the table stays densely packed (the storage bench measures it).
//
// Layout (little-endian): u8 version, u8 slots, presence bitmap (ceil(slots / 8) bytes), then per
// column in CHUNK_COLUMNS order: u8 mode; mode 0: f64 value; mode 1: f64 min, f64 max, then one u16
// per slot (0 for an empty one).

export const CHUNK_COLUMNS = [
  'cpu',
  'maxcpu',
  'mem',
  'maxmem',
  'disk',
  'maxdisk',
  'netin',
  'netout',
  'diskread',
  'diskwrite',
  'running',
  'guests',
] as const satisfies ReadonlyArray<keyof MetricSample>;

const INTEGER_COLUMNS = new Set<keyof MetricSample>(['running', 'guests']);
const VERSION = 1;
const Q = 65_535;

/** Slots per chunk at each resolution: an hour of minutes, a day of quarters, 32 days of days. */
export const CHUNK_SLOTS: Readonly<Record<MetricStep, number>> = { 60: 60, 900: 96, 86400: 32 };

/** How long one chunk spans, in ms. */
export const chunkSpanMs = (step: MetricStep) => CHUNK_SLOTS[step] * step * 1000;

/** The start of the chunk holding `atMs` (aligned to the epoch) and the slot inside it. */
export function chunkOf(step: MetricStep, atMs: number): { bucket: number; slot: number } {
  const span = chunkSpanMs(step);
  const bucket = Math.floor(atMs / span) * span;
  return { bucket, slot: Math.floor((atMs - bucket) / (step * 1000)) };
}

/** A chunk's samples by slot (undefined: no sample for that slot). */
export type ChunkSlots = Array<MetricSample | undefined>;

export type ChunkColumn = (typeof CHUNK_COLUMNS)[number];

export function encodeChunk(slots: ChunkSlots, varying?: ReadonlySet<ChunkColumn>): Buffer {
  const n = slots.length;
  if (n === 0 || n > 255) throw new RangeError(`a chunk holds 1..255 slots, not ${n}`);
  const present = slots.flatMap((s, i) => (s ? [i] : []));
  const bitmap = Math.ceil(n / 8);
  const parts: Buffer[] = [];
  const head = Buffer.alloc(2 + bitmap);
  head.writeUInt8(VERSION, 0);
  head.writeUInt8(n, 1);
  for (const i of present) head[2 + (i >> 3)] |= 1 << (i & 7);
  parts.push(head);
  for (const c of CHUNK_COLUMNS) {
    let min = Infinity;
    let max = -Infinity;
    for (const i of present) {
      const v = slots[i]![c];
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (present.length === 0) min = max = 0;
    if (min === max && !varying?.has(c)) {
      const b = Buffer.alloc(9);
      b.writeDoubleLE(min, 1);
      parts.push(b);
      continue;
    }
    const b = Buffer.alloc(17 + 2 * n);
    b.writeUInt8(1, 0);
    b.writeDoubleLE(min, 1);
    b.writeDoubleLE(max, 9);
    const scale = max > min ? Q / (max - min) : 0;
    for (const i of present) b.writeUInt16LE(Math.round((slots[i]![c] - min) * scale), 17 + 2 * i);
    parts.push(b);
  }
  return Buffer.concat(parts);
}

export function decodeChunk(buf: Uint8Array): ChunkSlots {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (b.readUInt8(0) !== VERSION) throw new Error(`unknown metric chunk version ${b[0]}`);
  const n = b.readUInt8(1);
  const present: number[] = [];
  const slots: ChunkSlots = new Array<MetricSample | undefined>(n).fill(undefined);
  for (let i = 0; i < n; i++) {
    if (b[2 + (i >> 3)] & (1 << (i & 7))) {
      present.push(i);
      slots[i] = {} as MetricSample;
    }
  }
  let o = 2 + Math.ceil(n / 8);
  for (const c of CHUNK_COLUMNS) {
    const mode = b.readUInt8(o);
    if (mode === 0) {
      const v = b.readDoubleLE(o + 1);
      for (const i of present) slots[i]![c] = v;
      o += 9;
      continue;
    }
    const min = b.readDoubleLE(o + 1);
    const step = (b.readDoubleLE(o + 9) - min) / Q;
    for (const i of present) {
      const v = min + b.readUInt16LE(o + 17 + 2 * i) * step;
      slots[i]![c] = INTEGER_COLUMNS.has(c) ? Math.round(v) : v;
    }
    o += 17 + 2 * n;
  }
  return slots;
}

/** The columns a chunk stores as varying (to give the series' next chunk the same layout). */
export function varyingColumns(buf: Uint8Array): Set<ChunkColumn> {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const n = b.readUInt8(1);
  const out = new Set<ChunkColumn>();
  let o = 2 + Math.ceil(n / 8);
  for (const c of CHUNK_COLUMNS) {
    if (b.readUInt8(o) === 0) o += 9;
    else {
      out.add(c);
      o += 17 + 2 * n;
    }
  }
  return out;
}
