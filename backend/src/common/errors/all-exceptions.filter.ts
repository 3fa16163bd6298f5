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
    res.status(body.statusCode).json(body);
  }
}
