import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { mapError } from './error-mapper';

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(err: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const res = host.switchToHttp().getResponse<FastifyReply>();
    const { body, unexpected } = mapError(err);
    if (unexpected) {
      this.logger.error({ err: unexpected, errorId: body.errorId }, 'Unhandled error');
    }
    if (res.sent || res.raw.headersSent) return;
    const retry = (body.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
    // 429 (our rate limits) and 503 CLUSTER_BUSY (a cluster's request budget) say when to retry.
    if (retry) res.header('Retry-After', String(retry));
    // A handler may have set another type (the CSV export) before it failed.
    void res.status(body.statusCode).type('application/json; charset=utf-8').send(body);
  }
}
