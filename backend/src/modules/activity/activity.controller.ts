import { Readable } from 'node:stream';
import { Controller, Get, Logger, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Permission, type ActivityView, type Paged } from '@multpanel/contracts';
import type { FastifyReply } from 'fastify';
import { Authenticated, CurrentScope } from '../../common/auth/auth.decorators';
import type { Scope } from '../../common/auth/scope';
import { ActivityQueryRepository } from './activity-query.repository';
import { ActivityExportQueryDto, ActivityListQueryDto } from './activity.dto';
import { CSV_COLUMNS, csvLine, toActivityView } from './activity.mapper';

export const CSV_EXPORT_LIMIT = 100_000;

@ApiTags('activity')
@Controller('activity')
export class ActivityController {
  private readonly logger = new Logger('Activity');

  constructor(private readonly repo: ActivityQueryRepository) {}

  @Get()
  @Authenticated({ permission: Permission.ActivityRead })
  @ApiOperation({ summary: 'Activity log in the caller’s scope, newest first (paged)' })
  async list(
    @CurrentScope() scope: Scope,
    @Query() q: ActivityListQueryDto,
  ): Promise<Paged<ActivityView>> {
    const { rows, total } = await this.repo.page(
      this.repo.where(scope, q),
      (q.page - 1) * q.pageSize,
      q.pageSize,
    );
    return { items: rows.map(toActivityView), total, page: q.page, pageSize: q.pageSize };
  }

  @Get('export.csv')
  @Authenticated({ permission: Permission.ActivityRead })
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The filtered activity log as CSV (up to 100 000 rows)' })
  export(
    @CurrentScope() scope: Scope,
    @Query() q: ActivityExportQueryDto,
    @Res() res: FastifyReply,
  ): void {
    const batches = this.repo.stream(this.repo.where(scope, q), CSV_EXPORT_LIMIT);
    const logger = this.logger;
    // Streamed: a batch is read from the database when the client has taken the previous one.
    // A failure after the first line can only cut the download short, so it is logged here.
    async function* csv(): AsyncGenerator<string> {
      yield CSV_COLUMNS.join(',') + '\r\n';
      try {
        for await (const batch of batches)
          yield batch.map((r) => csvLine(toActivityView(r))).join('');
      } catch (err) {
        logger.error({ err }, 'CSV export failed');
        throw err;
      }
    }
    void res
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header(
        'Content-Disposition',
        `attachment; filename="activity-${new Date().toISOString().slice(0, 10)}.csv"`,
      )
      .send(Readable.from(csv(), { highWaterMark: 1 }));
  }
}
