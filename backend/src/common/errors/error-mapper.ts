import { randomUUID } from 'node:crypto';
import { HttpException, HttpStatus } from '@nestjs/common';
import { ERROR_STATUS, type ErrorBody, type ErrorCode } from '@multpanel/contracts';
import { ZodValidationException } from 'nestjs-zod';
import { ZodError, type z } from 'zod';
import { Prisma } from '../../generated/prisma/client';
import { AppError } from './app-error';

const HTTP_CODES: Partial<Record<number, ErrorCode>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RATE_LIMITED',
};

export interface MappedError {
  body: ErrorBody;
  // Set for unexpected errors: log them with the errorId.
  unexpected?: unknown;
}

export function zodDetails(error: z.core.$ZodError) {
  return error.issues.map((i) => ({
    path: i.path.map(String).join('.'),
    // zod's default for an absent key ("expected string, received undefined") reads poorly in a form.
    message:
      i.code === 'invalid_type' && /received undefined$/.test(i.message) ? 'Required' : i.message,
    code: i.code,
  }));
}

function fromCode(code: ErrorCode, message: string, details?: unknown): MappedError {
  const body: ErrorBody = { statusCode: ERROR_STATUS[code], code, message };
  if (details !== undefined) body.details = details;
  return { body };
}

function validationMessage(details: ReturnType<typeof zodDetails>): string {
  const parts = details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message));
  return `Invalid input: ${parts.join('; ')}`;
}

export function mapError(err: unknown): MappedError {
  if (err instanceof AppError) return fromCode(err.code, err.message, err.details);
  if (err instanceof ZodValidationException) {
    const details = zodDetails(err.getZodError() as z.core.$ZodError);
    return fromCode('VALIDATION_FAILED', validationMessage(details), details);
  }
  if (err instanceof ZodError) {
    const details = zodDetails(err);
    return fromCode('VALIDATION_FAILED', validationMessage(details), details);
  }
  if (err instanceof Prisma.PrismaClientKnownRequestError) {
    if (err.code === 'P2002')
      return fromCode('CONFLICT', 'A record with these values already exists');
    if (err.code === 'P2025') return fromCode('NOT_FOUND', 'Record not found');
  }
  const bodyParserType = (err as { type?: string } | null)?.type;
  if (bodyParserType === 'entity.parse.failed') {
    const detail = err instanceof Error ? err.message : 'unparseable body';
    return fromCode('INVALID_JSON', `Request body is not valid JSON: ${detail}`);
  }
  if (bodyParserType === 'entity.too.large') {
    return fromCode('PAYLOAD_TOO_LARGE', 'Request body is too large');
  }
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const code = HTTP_CODES[status];
    if (code) {
      const res = err.getResponse();
      const message =
        typeof res === 'string'
          ? res
          : typeof (res as { message?: unknown }).message === 'string'
            ? (res as { message: string }).message
            : err.message;
      return { body: { statusCode: status, code, message } };
    }
    if (status < 500) {
      return { body: { statusCode: status, code: 'BAD_REQUEST', message: err.message } };
    }
  }
  const errorId = randomUUID();
  return {
    body: {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      code: 'INTERNAL',
      message: `Internal error; reference ${errorId}`,
      errorId,
    },
    unexpected: err,
  };
}
