import { hostname } from 'node:os';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../../config/app-config';
import { requestIdOf } from './request-id';

// Anything that may carry a secret is redacted before a line is written.
export const REDACT_PATHS = [
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

type Level = 'error' | 'warn' | 'info' | 'debug';

/**
 * The level of a finished request's line. Nginx's access log already has every request, so the
 * API's own lines are for what it alone knows: failures (with the error) and everything that
 * changes state. Successful reads are debug: at info, one line per list refresh cost more CPU
 * than the list itself and said nothing the access log does not.
 */
export function requestLogLevel(req: IncomingMessage, res: ServerResponse, err?: Error): Level {
  if (err || res.statusCode >= 500) return 'error';
  if (res.statusCode >= 400) return 'warn';
  return req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS'
    ? 'debug'
    : 'info';
}

export function loggerOptions(config: AppConfig): Params {
  return {
    // Express 5 path syntax; nestjs-pino's default '*' logs a LegacyRouteConverter warning at boot.
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: {
      level: config.env.LOG_LEVEL,
      // Fixed fields live in the root logger, not in a child made for every request.
      base: { pid: process.pid, hostname: hostname(), service: 'multpanel' },
      genReqId: (req, res) => requestIdOf(req, res),
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      autoLogging: { ignore: (req) => req.url?.startsWith('/api/health') === true },
      customLogLevel: requestLogLevel,
      quietReqLogger: true,
      transport: undefined,
    },
  };
}
