import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { WsAdapter } from '@nestjs/platform-ws';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import express, { type NextFunction, type Request, type Response } from 'express';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import { ApiModule } from '../api.module';
import { mapError } from '../common/errors/error-mapper';
import { AppLogger } from '../common/logging/app-logger';
import { requestContext } from '../common/logging/request-context';
import { requestLog } from '../common/logging/request-log';
import { AppConfig } from '../config/app-config';
import { applySecurityHeaders } from './security';
import { mountSpa } from './spa';

export interface ApiAppOptions {
  extraModules?: DynamicModule['imports'];
  // Tests keep Nest's console quiet and use pino only.
  bufferLogs?: boolean;
}

// Builds the API application (shared by main.ts and the integration tests).
export async function createApiApp(
  config: AppConfig,
  opts: ApiAppOptions = {},
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    ApiModule.forRoot(config, opts.extraModules),
    { bodyParser: false, bufferLogs: opts.bufferLogs ?? true },
  );
  const logger = app.get(AppLogger);
  app.useLogger(logger);
  app.set('trust proxy', config.env.TRUST_PROXY);
  app.disable('x-powered-by');
  // Lists change under the client all the time; hashing every body for a validator nobody sends is waste.
  app.set('etag', false);
  const http = app.getHttpAdapter().getInstance() as express.Express;
  http.use(requestContext.middleware);
  http.use(requestLog(logger.root));
  applySecurityHeaders(http);
  app.enableCors({ origin: false });
  http.use(cookieParser());
  http.use('/api', express.json({ limit: '1mb' }));
  // Body-parser errors happen before Nest's router; answer them in the common error shape.
  http.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (!err) return next();
    const { body } = mapError(err);
    res.status(body.statusCode).json(body);
  });
  mountSpa(http, config.env.FRONTEND_DIST);
  app.setGlobalPrefix('api');
  app.useWebSocketAdapter(new WsAdapter(app));
  app.enableShutdownHooks();

  const doc = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Multpanel API')
      .setVersion(config.version)
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, cleanupOpenApiDoc(doc), {
    jsonDocumentUrl: 'api/docs-json',
    useGlobalPrefix: false,
  });
  return app;
}
