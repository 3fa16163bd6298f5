import { Injectable } from '@nestjs/common';
import type { MetricSeriesKind, MetricStep } from '@multpanel/contracts';
import { PrismaService } from '../../common/prisma/prisma.service';
import type { MetricSample, SeriesSample } from './metrics-aggregate';

/** A DATETIME literal in UTC, as Prisma stores DateTime. */
export const sqlTime = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');

const SAMPLE_COLUMNS = [
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

export interface StoredPoint extends MetricSample {
  at: Date;
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

/** The MetricSeries and MetricPoint tables (monitoring module). */
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

  /** One multi-row INSERT per batch; a point already stored for (series, step, at) is replaced. */
  async writePoints(
    step: MetricStep,
    at: Date,
    rows: Array<{ seriesId: number; sample: MetricSample }>,
  ): Promise<void> {
    const cols = ['seriesId', 'step', 'at', ...SAMPLE_COLUMNS];
    const tuple = `(${cols.map(() => '?').join(',')})`;
    const ts = sqlTime(at);
    for (let i = 0; i < rows.length; i += BATCH) {
      const chunk = rows.slice(i, i + BATCH);
      const values: Array<number | string> = [];
      for (const r of chunk) {
        values.push(r.seriesId, step, ts);
        for (const c of SAMPLE_COLUMNS) values.push(r.sample[c]);
      }
      const sql =
        `INSERT INTO \`MetricPoint\` (${cols.map((c) => `\`${c}\``).join(',')}) VALUES ` +
        `${Array(chunk.length).fill(tuple).join(',')} ON DUPLICATE KEY UPDATE ` +
        SAMPLE_COLUMNS.map((c) => `\`${c}\`=VALUES(\`${c}\`)`).join(',');
      await this.prisma.$executeRawUnsafe(sql, ...values);
    }
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
    if (seriesIds.length === 0) return [];
    if (seriesIds.length === 1) {
      return this.prisma.metricPoint.findMany({
        where: { seriesId: seriesIds[0], step, at: { gte: from } },
        orderBy: { at: 'asc' },
        select: { at: true, ...Object.fromEntries(SAMPLE_COLUMNS.map((c) => [c, true])) },
      }) as Promise<StoredPoint[]>;
    }
    const rows = await this.prisma.metricPoint.groupBy({
      by: ['at'],
      where: { seriesId: { in: seriesIds }, step, at: { gte: from } },
      _sum: Object.fromEntries(SAMPLE_COLUMNS.map((c) => [c, true])) as Record<
        (typeof SAMPLE_COLUMNS)[number],
        true
      >,
      orderBy: { at: 'asc' },
    });
    return rows.map((r) => {
      const p = { at: r.at } as StoredPoint;
      for (const c of SAMPLE_COLUMNS) p[c] = Number(r._sum[c] ?? 0);
      return p;
    });
  }

  /** The newest 1-minute point of each series since `since`. */
  async latest(seriesIds: number[], since: Date): Promise<Map<number, StoredPoint>> {
    const out = new Map<number, StoredPoint>();
    if (seriesIds.length === 0) return out;
    const rows = await this.prisma.metricPoint.findMany({
      where: { seriesId: { in: seriesIds }, step: 60, at: { gte: since } },
      orderBy: { at: 'desc' },
    });
    for (const r of rows) if (!out.has(r.seriesId)) out.set(r.seriesId, r);
    return out;
  }

  /**
   * Averages the `from`-step points in [start, end) into `to`-step buckets (replacing buckets
   * already there, so a rerun after late points is exact). Buckets are computed in SQL from the
   * stored UTC values without time-zone functions.
   */
  async rollup(from: MetricStep, to: 900 | 86400, start: Date, end: Date): Promise<number> {
    const bucket =
      to === 900
        ? 'DATE_SUB(DATE_FORMAT(`at`, "%Y-%m-%d %H:%i:00"), INTERVAL MINUTE(`at`) % 15 MINUTE)'
        : 'CAST(DATE(`at`) AS DATETIME)';
    const agg = SAMPLE_COLUMNS.map((c) =>
      c === 'running' || c === 'guests' ? `ROUND(AVG(\`${c}\`))` : `AVG(\`${c}\`)`,
    );
    const sql =
      `INSERT INTO \`MetricPoint\` (\`seriesId\`,\`step\`,\`at\`,${SAMPLE_COLUMNS.map((c) => `\`${c}\``).join(',')}) ` +
      `SELECT \`seriesId\`, ?, ${bucket} AS b, ${agg.join(',')} FROM \`MetricPoint\` ` +
      'WHERE `step` = ? AND `at` >= ? AND `at` < ? GROUP BY `seriesId`, b ' +
      `ON DUPLICATE KEY UPDATE ${SAMPLE_COLUMNS.map((c) => `\`${c}\`=VALUES(\`${c}\`)`).join(',')}`;
    return this.prisma.$executeRawUnsafe(sql, to, from, sqlTime(start), sqlTime(end));
  }

  /** Deletes `step` points older than `before`, in bounded batches; returns how many. */
  async prune(step: MetricStep, before: Date): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.prisma.$executeRawUnsafe(
        'DELETE FROM `MetricPoint` WHERE `step` = ? AND `at` < ? LIMIT 10000',
        step,
        sqlTime(before),
      );
      total += n;
      if (n < 10000) return total;
    }
  }

  /** Series with no point left (a removed cluster, node or a company's last guest gone). */
  async dropEmptySeries(): Promise<number> {
    return this.prisma.$executeRawUnsafe(
      'DELETE s FROM `MetricSeries` s LEFT JOIN `MetricPoint` p ON p.`seriesId` = s.`id` ' +
        'WHERE p.`seriesId` IS NULL AND s.`createdAt` < ?',
      sqlTime(new Date(Date.now() - 3600_000)),
    );
  }
}
