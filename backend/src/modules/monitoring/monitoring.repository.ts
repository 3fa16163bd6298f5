import { Injectable } from '@nestjs/common';
import type { MetricSeriesKind, MetricStep } from '@multpanel/contracts';
import { PrismaService } from '../../common/prisma/prisma.service';
import type { MetricSample, SeriesSample } from './metrics-aggregate';
import {
  CHUNK_COLUMNS,
  CHUNK_SLOTS,
  chunkOf,
  chunkSpanMs,
  decodeChunk,
  encodeChunk,
  varyingColumns,
  type ChunkColumn,
  type ChunkSlots,
} from './metrics-chunk';

/** A DATETIME literal in UTC, as Prisma stores DateTime. */
export const sqlTime = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');

export interface StoredPoint extends MetricSample {
  at: Date;
}

export interface SeriesPoint {
  seriesId: number;
  at: Date;
  sample: MetricSample;
}

export interface SeriesRef {
  id: number;
  kind: MetricSeriesKind;
  key: string;
  clusterId: string | null;
  node: string | null;
  companyId: string | null;
}

const BATCH = 500;

/** The MetricSeries and MetricChunk tables (monitoring module). */
@Injectable()
export class MonitoringRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Ids of the series, created on first sight. */
  async ensureSeries(entries: SeriesSample[]): Promise<Map<string, number>> {
    const keys = entries.map((e) => e.key);
    const out = new Map<string, number>();
    const have = await this.prisma.metricSeries.findMany({
      where: { key: { in: keys } },
      select: { id: true, key: true },
    });
    for (const s of have) out.set(s.key, s.id);
    const missing = entries.filter((e) => !out.has(e.key));
    if (missing.length) {
      await this.prisma.metricSeries.createMany({
        data: missing.map((e) => ({
          kind: e.kind,
          key: e.key,
          clusterId: e.clusterId,
          node: e.node,
          companyId: e.companyId,
        })),
        skipDuplicates: true,
      });
      const created = await this.prisma.metricSeries.findMany({
        where: { key: { in: missing.map((e) => e.key) } },
        select: { id: true, key: true },
      });
      for (const s of created) out.set(s.key, s.id);
    }
    return out;
  }

  /** Stores one sample per series at `at`; a sample already stored for (series, step, at) is replaced. */
  async writePoints(
    step: MetricStep,
    at: Date,
    rows: Array<{ seriesId: number; sample: MetricSample }>,
  ): Promise<void> {
    await this.writeSamples(
      step,
      rows.map((r) => ({ seriesId: r.seriesId, at, sample: r.sample })),
    );
  }

  /**
   * Puts samples into their chunks: reads the chunks they fall in, sets the slots, writes each
   * chunk back with one multi-row upsert per batch. Not locked: each series has one writer per
   * resolution (a cluster's collection writes the minutes of that cluster's series, the rollup
   * the quarters and days).
   */
  async writeSamples(step: MetricStep, points: SeriesPoint[]): Promise<void> {
    const byBucket = new Map<number, Map<number, ChunkSlots>>();
    for (const p of points) {
      const { bucket, slot } = chunkOf(step, p.at.getTime());
      let chunks = byBucket.get(bucket);
      if (!chunks) byBucket.set(bucket, (chunks = new Map()));
      let slots = chunks.get(p.seriesId);
      if (!slots) chunks.set(p.seriesId, (slots = []));
      slots[slot] = p.sample;
    }
    for (const [bucket, chunks] of byBucket) {
      const ids = [...chunks.keys()];
      for (let i = 0; i < ids.length; i += BATCH) {
        const batch = ids.slice(i, i + BATCH);
        const stored = await this.prisma.metricChunk.findMany({
          where: { step, bucket: new Date(bucket), seriesId: { in: batch } },
          select: { seriesId: true, data: true },
        });
        const have = new Map(stored.map((c) => [c.seriesId, c.data]));
        const layout = await this.layouts(
          step,
          bucket,
          batch.filter((id) => !have.has(id)),
        );
        const values: Array<number | string | Buffer> = [];
        for (const id of batch) {
          const data = have.get(id);
          const slots = data
            ? decodeChunk(data)
            : Array<MetricSample | undefined>(CHUNK_SLOTS[step]).fill(undefined);
          chunks.get(id)!.forEach((sample, slot) => (slots[slot] = sample));
          const varying = data ? varyingColumns(data) : layout.get(id);
          values.push(id, step, sqlTime(new Date(bucket)), encodeChunk(slots, varying));
        }
        await this.prisma.$executeRawUnsafe(
          'INSERT INTO `MetricChunk` (`seriesId`,`step`,`bucket`,`data`) VALUES ' +
            Array(batch.length).fill('(?,?,?,?)').join(',') +
            ' ON DUPLICATE KEY UPDATE `data`=VALUES(`data`)',
          ...values,
        );
      }
    }
  }

  /**
   * Which columns varied in each series' chunk before `bucket`: a new chunk is born with that
   * layout, at its final size (see metrics-chunk.ts).
   */
  private async layouts(
    step: MetricStep,
    bucket: number,
    seriesIds: number[],
  ): Promise<Map<number, Set<ChunkColumn>>> {
    if (seriesIds.length === 0) return new Map();
    const prev = await this.prisma.metricChunk.findMany({
      where: { step, bucket: new Date(bucket - chunkSpanMs(step)), seriesId: { in: seriesIds } },
      select: { seriesId: true, data: true },
    });
    return new Map(prev.map((c) => [c.seriesId, varyingColumns(c.data)]));
  }

  /** Every stored sample of the series at `step` in [from, to), oldest bucket first. */
  async samples(
    seriesIds: number[],
    step: MetricStep,
    from: Date,
    to?: Date,
  ): Promise<SeriesPoint[]> {
    if (seriesIds.length === 0) return [];
    const rows = await this.prisma.metricChunk.findMany({
      where: {
        seriesId: { in: seriesIds },
        step,
        bucket: { gte: new Date(chunkOf(step, from.getTime()).bucket), ...(to ? { lt: to } : {}) },
      },
      orderBy: { bucket: 'asc' },
    });
    const out: SeriesPoint[] = [];
    for (const r of rows) {
      decodeChunk(r.data).forEach((sample, slot) => {
        const at = r.bucket.getTime() + slot * step * 1000;
        if (sample && at >= from.getTime() && (!to || at < to.getTime())) {
          out.push({ seriesId: r.seriesId, at: new Date(at), sample });
        }
      });
    }
    return out;
  }

  findSeries(where: {
    kind: MetricSeriesKind;
    clusterId?: string;
    node?: string;
    companyId?: string;
  }): Promise<SeriesRef[]> {
    return this.prisma.metricSeries.findMany({ where });
  }

  seriesOfClusters(clusterIds: string[] | null): Promise<SeriesRef[]> {
    return this.prisma.metricSeries.findMany({
      where: {
        kind: { in: ['cluster', 'node'] },
        ...(clusterIds ? { clusterId: { in: clusterIds } } : {}),
      },
    });
  }

  /** The points of the series summed per time (a company's series over its clusters), oldest first. */
  async points(seriesIds: number[], step: MetricStep, from: Date): Promise<StoredPoint[]> {
    const byTime = new Map<number, StoredPoint>();
    for (const p of await this.samples(seriesIds, step, from)) {
      const t = p.at.getTime();
      const sum = byTime.get(t);
      if (!sum) byTime.set(t, { at: p.at, ...p.sample });
      else for (const c of CHUNK_COLUMNS) sum[c] += p.sample[c];
    }
    return [...byTime.values()].sort((a, b) => a.at.getTime() - b.at.getTime());
  }

  /** The newest 1-minute point of each series since `since`. */
  async latest(seriesIds: number[], since: Date): Promise<Map<number, StoredPoint>> {
    const out = new Map<number, StoredPoint>();
    for (const p of await this.samples(seriesIds, 60, since)) {
      const had = out.get(p.seriesId);
      if (!had || had.at < p.at) out.set(p.seriesId, { at: p.at, ...p.sample });
    }
    return out;
  }

  /**
   * Averages the `from`-step samples in [start, end) into `to`-step buckets (replacing buckets
   * already there, so a rerun after late samples is exact); returns how many it wrote. Buckets are
   * UTC, aligned to the epoch.
   */
  async rollup(from: MetricStep, to: 900 | 86400, start: Date, end: Date): Promise<number> {
    const ms = to * 1000;
    const acc = new Map<string, { seriesId: number; at: number; n: number; sum: MetricSample }>();
    for (const p of await this.samples(
      await this.seriesWithin(from, start, end),
      from,
      start,
      end,
    )) {
      const at = Math.floor(p.at.getTime() / ms) * ms;
      const key = `${p.seriesId}:${at}`;
      const a = acc.get(key);
      if (!a) acc.set(key, { seriesId: p.seriesId, at, n: 1, sum: { ...p.sample } });
      else {
        a.n++;
        for (const c of CHUNK_COLUMNS) a.sum[c] += p.sample[c];
      }
    }
    const out: SeriesPoint[] = [...acc.values()].map((a) => {
      const sample = { ...a.sum };
      for (const c of CHUNK_COLUMNS) sample[c] /= a.n;
      sample.running = Math.round(sample.running);
      sample.guests = Math.round(sample.guests);
      return { seriesId: a.seriesId, at: new Date(a.at), sample };
    });
    await this.writeSamples(to, out);
    return out.length;
  }

  /** Series with chunks of `step` overlapping [start, end). */
  private async seriesWithin(step: MetricStep, start: Date, end: Date): Promise<number[]> {
    const rows = await this.prisma.metricChunk.findMany({
      where: {
        step,
        bucket: { gte: new Date(chunkOf(step, start.getTime()).bucket), lt: end },
      },
      select: { seriesId: true },
      distinct: ['seriesId'],
    });
    return rows.map((r) => r.seriesId);
  }

  /** Deletes the `step` chunks wholly older than `before`, in bounded batches; returns how many. */
  async prune(step: MetricStep, before: Date): Promise<number> {
    let total = 0;
    const last = sqlTime(new Date(before.getTime() - chunkSpanMs(step)));
    for (;;) {
      const n = await this.prisma.$executeRawUnsafe(
        'DELETE FROM `MetricChunk` WHERE `step` = ? AND `bucket` <= ? LIMIT 10000',
        step,
        last,
      );
      total += n;
      if (n < 10000) return total;
    }
  }

  /** Series with no point left (a removed cluster, node or a company's last guest gone). */
  async dropEmptySeries(): Promise<number> {
    return this.prisma.$executeRawUnsafe(
      'DELETE s FROM `MetricSeries` s LEFT JOIN `MetricChunk` p ON p.`seriesId` = s.`id` ' +
        'WHERE p.`seriesId` IS NULL AND s.`createdAt` < ?',
      sqlTime(new Date(Date.now() - 3600_000)),
    );
  }
}
