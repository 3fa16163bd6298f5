import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { mapError } from './error-mapper';

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(err: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const res = host.switchToHttp().getResponse<Response>();
    const { body, unexpected } = mapError(err);
    if (unexpected) {
      this.logger.error({ err: unexpected, errorId: body.errorId }, 'Unhandled error');
    }
    if (res.headersSent) return;
    const retry = (body.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
    if (body.code === 'RATE_LIMITED' && retry) res.setHeader('Retry-After', String(retry));
    res.status(body.statusCode).json(body);
  }
}
