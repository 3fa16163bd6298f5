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

export function loggerOptions(config: AppConfig): Params {
  return {
    // Express 5 path syntax; nestjs-pino's default '*' logs a LegacyRouteConverter warning at boot.
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: {
      level: config.env.LOG_LEVEL,
      genReqId: (req, res) => requestIdOf(req, res),
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      autoLogging: { ignore: (req) => req.url === '/api/health' },
      customProps: () => ({ service: 'multpanel' }),
      quietReqLogger: true,
      transport: undefined,
    },
  };
}
