import { hostname } from 'node:os';
import type { LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type Logger as Pino } from 'pino';
import { requestContext } from './request-context';

// Anything that may carry a secret is redacted before a line is written.
const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passwordHash',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.totpCode',
  '*.totpSecret',
  '*.secret',
  '*.apiKey',
];

type PinoLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/** The process's one pino logger: JSON lines on stdout (PM2 keeps them), secrets redacted. */
export function createRootLogger(level: string, stream?: DestinationStream): Pino {
  return pino(
    {
      level,
      base: { pid: process.pid, hostname: hostname(), service: 'multpanel' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      // A line written while serving a request names it, with no child logger built per request.
      mixin: () => {
        const reqId = requestContext.requestId();
        return reqId ? { reqId } : {};
      },
    },
    stream,
  );
}

/**
 * Nest's LoggerService on pino. Nest's `Logger` appends its context as the last argument; an
 * object first argument becomes fields of the line (`logger.error({ err }, 'message')`).
 */
export class AppLogger implements LoggerService {
  constructor(readonly root: Pino) {}

  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(level: PinoLevel, message: unknown, rest: unknown[]): void {
    if (!this.root.isLevelEnabled(level)) return;
    const fields: Record<string, unknown> = rest.length ? { context: rest[rest.length - 1] } : {};
    const args = rest.slice(0, -1);
    if (message instanceof Error) {
      this.emit(level, { ...fields, err: message }, ...args);
    } else if (message !== null && typeof message === 'object') {
      this.emit(level, { ...fields, ...message }, ...args);
    } else if (level === 'error' && args.length === 1 && isStack(args[0])) {
      // Nest's own exception handlers call error(message, stack, context).
      const err = new Error(String(message));
      err.stack = args[0];
      this.emit(level, { ...fields, err });
    } else {
      this.emit(level, fields, String(message), ...args);
    }
  }

  private emit(level: PinoLevel, ...args: unknown[]): void {
    (this.root[level] as (...a: unknown[]) => void).apply(this.root, args);
  }
}

function isStack(v: unknown): v is string {
  return typeof v === 'string' && /\n\s*at /.test(v);
}
