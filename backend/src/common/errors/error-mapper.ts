import { randomUUID } from 'node:crypto';
import { HttpException, HttpStatus } from '@nestjs/common';
import { ERROR_STATUS, type ErrorBody, type ErrorCode } from '@multpanel/contracts';
import { ZodValidationException } from 'nestjs-zod';
import { ZodError, type z } from 'zod';
import { Prisma } from '../../generated/prisma/client';
import { isDbConnectionLost } from '../prisma/db-connection-lost';
import { OpnsenseError } from '../opnsense/opnsense.errors';
import { ProxmoxBusyError, ProxmoxError, ProxmoxValidationError } from '../proxmox/proxmox.errors';
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

/**
 * Every database connection of this process stayed busy past the pool's acquire timeout (a burst of
 * requests, a slow database): a 503 to retry, not a 500. The query engine calls it P2024; over the
 * MariaDB driver adapter it is a P2039 "Database error" carrying the driver's pool timeout (45028).
 */
function isPoolTimeout(err: Prisma.PrismaClientKnownRequestError): boolean {
  if (err.code === 'P2024') return true;
  return /\bpool timeout\b|failed to retrieve a connection from pool/i.test(err.message);
}

function validationMessage(details: ReturnType<typeof zodDetails>): string {
  const parts = details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message));
  return `Invalid input: ${parts.join('; ')}`;
}

/**
 * Proxmox failures, for every module at once: a cluster that is down, slow or failing is a 503/504
 * naming the cluster, never a 500; what Proxmox refuses about a request is a 4xx.
 */
export function fromProxmox(err: ProxmoxError): MappedError {
  const cluster = err.details.cluster;
  const named =
    cluster && !err.message.includes(cluster) ? `Cluster ${cluster}: ${err.message}` : err.message;
  const details = { cluster: cluster ?? null, proxmoxCode: err.code };
  switch (err.code) {
    case 'PVE_TIMEOUT':
      return fromCode('DEPENDENCY_TIMEOUT', named, details);
    case 'PVE_BUSY': {
      const retryAfterSeconds = Math.max(
        1,
        Math.ceil((err as ProxmoxBusyError).retryAfterMs / 1000),
      );
      return fromCode('CLUSTER_BUSY', err.message, { ...details, retryAfterSeconds });
    }
    case 'PVE_INVALID_PARAMS': {
      const fields = err instanceof ProxmoxValidationError ? err.fieldErrors : {};
      const list = Object.entries(fields).map(([path, message]) => ({
        path,
        message: message.trim(),
        code: 'proxmox',
      }));
      return fromCode('VALIDATION_FAILED', named, list.length ? list : details);
    }
    case 'PVE_NOT_FOUND':
      return fromCode('NOT_FOUND', named, details);
    case 'PVE_LOCKED':
      return fromCode('VM_LOCKED', named, details);
    case 'PVE_NODE_OFFLINE':
      return fromCode('NODE_OFFLINE', named, details);
    case 'PVE_NOT_IMPLEMENTED':
    case 'PVE_TASK_FAILED':
      return fromCode('CONFLICT', named, details);
    case 'PVE_SERVER': {
      // Proxmox answers 5xx for an outage and also for many refusals; a 4xx it sent is about the request.
      const status = err.details.status ?? 500;
      return fromCode(status < 500 ? 'CONFLICT' : 'DEPENDENCY_UNAVAILABLE', named, details);
    }
    case 'PVE_UNREACHABLE':
    case 'PVE_TLS':
    case 'PVE_AUTH':
    case 'PVE_FORBIDDEN':
    case 'PVE_ABORTED':
      return fromCode('DEPENDENCY_UNAVAILABLE', named, details);
  }
}

/** OPNsense failures: a firewall that is down or refuses the key is a 503/504 naming it, never a 500. */
export function fromOpnsense(err: OpnsenseError): MappedError {
  const details = { firewall: err.details.firewall ?? null, opnsenseCode: err.code };
  switch (err.code) {
    case 'OPN_TIMEOUT':
      return fromCode('DEPENDENCY_TIMEOUT', err.message, details);
    case 'OPN_TOO_OLD':
      return fromCode('FIREWALL_TOO_OLD', err.message, {
        ...details,
        version: err.details.version,
        requiredVersion: err.details.requiredVersion,
      });
    case 'OPN_VALIDATION': {
      const list = Object.entries(err.details.validations ?? {}).map(([path, message]) => ({
        path,
        message,
        code: 'opnsense',
      }));
      return fromCode('VALIDATION_FAILED', err.message, list.length ? list : details);
    }
    case 'OPN_IN_USE':
      return fromCode('CONFLICT', err.message, details);
    case 'OPN_NOT_FOUND':
    case 'OPN_UNREACHABLE':
    case 'OPN_TLS':
    case 'OPN_AUTH':
    case 'OPN_FORBIDDEN':
    case 'OPN_SERVER':
      return fromCode('DEPENDENCY_UNAVAILABLE', err.message, details);
  }
}

export function mapError(err: unknown): MappedError {
  if (err instanceof AppError) return fromCode(err.code, err.message, err.details);
  if (err instanceof ProxmoxError) return fromProxmox(err);
  if (err instanceof OpnsenseError) return fromOpnsense(err);
  if (err instanceof ZodValidationException) {
    const details = zodDetails(err.getZodError() as z.core.$ZodError);
    return fromCode('VALIDATION_FAILED', validationMessage(details), details);
  }
  if (err instanceof ZodError) {
    const details = zodDetails(err);
    return fromCode('VALIDATION_FAILED', validationMessage(details), details);
  }
  // A statement whose database connection was lost (reads were already sent again): the change may
  // or may not have been made, so the client is told to try again, never a 500.
  if (isDbConnectionLost(err)) {
    return fromCode(
      'DEPENDENCY_UNAVAILABLE',
      'The database connection was lost; try again in a moment',
      { dependency: 'database', retryAfterSeconds: 1 },
    );
  }
  if (err instanceof Prisma.PrismaClientKnownRequestError) {
    if (isPoolTimeout(err)) {
      return fromCode('DEPENDENCY_UNAVAILABLE', 'The database is busy; try again in a moment', {
        retryAfterSeconds: 1,
      });
    }
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
