import type { MetricSample } from './metrics-aggregate';
import {
  chunkOf,
  chunkSpanMs,
  decodeChunk,
  encodeChunk,
  varyingColumns,
  type ChunkSlots,
} from './metrics-chunk';

const GiB = 2 ** 30;
const sample = (i: number): MetricSample => ({
  cpu: 3.25 + i * 0.5,
  maxcpu: 64,
  mem: 100 * GiB + i * 123_456_789,
  maxmem: 256 * GiB,
  disk: 0,
  maxdisk: 3200 * GiB,
  netin: 1e6 * (i % 7),
  netout: -5 + i,
  diskread: 2e7 / (i + 1),
  diskwrite: 0,
  running: 40 + (i % 3),
  guests: 50,
});

describe('metric chunks', () => {
  it('places a time in its epoch-aligned bucket and slot per resolution', () => {
    const t = Date.UTC(2026, 11, 6, 11, 37, 20);
    expect(chunkOf(60, t)).toEqual({ bucket: Date.UTC(2026, 11, 6, 11), slot: 37 });
    expect(chunkOf(900, t)).toEqual({ bucket: Date.UTC(2026, 11, 6), slot: 46 });
    const d = chunkOf(86400, t);
    expect(d.bucket % chunkSpanMs(86400)).toBe(0);
    expect(d.bucket + d.slot * 86_400_000).toBe(Date.UTC(2026, 11, 6));
  });

  it('round-trips samples within 1/131,070 of each column range, integers and gaps exact', () => {
    const slots: ChunkSlots = Array.from({ length: 60 }, (_, i) =>
      i === 5 || i > 50 ? undefined : sample(i),
    );
    const back = decodeChunk(encodeChunk(slots));
    expect(back).toHaveLength(60);
    expect(back[5]).toBeUndefined();
    expect(back[59]).toBeUndefined();
    for (let i = 0; i <= 50; i++) {
      if (i === 5) continue;
      const want = sample(i);
      const got = back[i]!;
      for (const k of Object.keys(want) as Array<keyof MetricSample>) {
        const values = slots.filter(Boolean).map((s) => s![k]);
        const range = Math.max(...values) - Math.min(...values);
        expect(Math.abs(got[k] - want[k])).toBeLessThanOrEqual(
          range / 131_070 + Math.abs(want[k]) * 1e-12,
        );
      }
      expect(got.running).toBe(want.running);
      expect(got.guests).toBe(50);
      expect(got.maxmem).toBe(256 * GiB);
      expect(got.netout).toBeCloseTo(want.netout, 3);
    }
  });

  it('stores a constant column once and a varying one as 2 bytes per slot', () => {
    const full = Array.from({ length: 60 }, (_, i) => sample(i));
    const one = encodeChunk([full[0], ...Array<undefined>(59).fill(undefined)]);
    const all = encodeChunk(full);
    // 2 + 8 bitmap bytes, 12 × 9 for one sample; 60 samples: 6 constant + 6 varying columns.
    expect(one.length).toBe(10 + 12 * 9);
    expect(all.length).toBe(10 + 6 * 9 + 6 * (17 + 120));
    expect([...varyingColumns(all)]).toEqual([
      'cpu',
      'mem',
      'netin',
      'netout',
      'diskread',
      'running',
    ]);
  });

  it('is born at its final size when told which columns will vary, and keeps it', () => {
    const varying = varyingColumns(encodeChunk(Array.from({ length: 60 }, (_, i) => sample(i))));
    const slots: ChunkSlots = Array<MetricSample | undefined>(60).fill(undefined);
    const sizes = [0, 1, 30, 59].map((i) => {
      slots[i] = sample(i);
      return encodeChunk(slots, varying).length;
    });
    expect(new Set(sizes).size).toBe(1);
    const back = decodeChunk(encodeChunk([sample(2), undefined], varying));
    expect(back[0]).toEqual(sample(2));
    expect(back[1]).toBeUndefined();
  });

  it('refuses an unknown version', () => {
    const b = encodeChunk([sample(1)]);
    b[0] = 9;
    expect(() => decodeChunk(b)).toThrow(/version 9/);
  });
});
