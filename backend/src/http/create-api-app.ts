import { BadRequestException, type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { WsAdapter } from '@nestjs/platform-ws';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ApiModule } from '../api.module';
import { mapError } from '../common/errors/error-mapper';
import { ApiRateLimiter } from '../common/http/rate-limit';
import { compileTrust, isSecure, type TrustFn } from '../common/http/proxy-trust';
import { AppLogger } from '../common/logging/app-logger';
import { requestContext } from '../common/logging/request-context';
import { requestLog } from '../common/logging/request-log';
import { AppConfig } from '../config/app-config';
import { mountDocs } from './docs';
import { registerJsonBody } from './json-body';
import { MetricsService } from '../modules/metrics/metrics.service';
import { runSteps, type RequestStep } from './request-steps';
import { securityHeaders } from './security';
import { spaFallback } from './spa';

export interface ApiAppOptions {
  extraModules?: DynamicModule['imports'];
  // Tests keep Nest's console quiet and use pino only.
  bufferLogs?: boolean;
  // main.ts installs its own draining shutdown (graceful-shutdown.ts) instead of Nest's hooks.
  shutdownHooks?: boolean;
}

const JSON_LIMIT = 1024 * 1024;

type BadUrlHandler = (err: FastifyError, req: FastifyRequest, reply: FastifyReply) => void;

// Fastify's defaults where they differ from the Express server the API ran on before.
function fastifyAdapter(trust: TrustFn, onBadUrl: BadUrlHandler): FastifyAdapter {
  return new FastifyAdapter({
    trustProxy: trust,
    routerOptions: {
      // Express matched routes ignoring case and a trailing slash, with parameters of any length.
      caseSensitive: false,
      ignoreTrailingSlash: true,
      maxParamLength: 16 * 1024,
    },
    // Node's own timeouts, as before (Fastify: no request timeout, 72 s keep-alive).
    requestTimeout: 300_000,
    keepAliveTimeout: 5_000,
    // While shutting down, requests on open connections are still served, as before.
    return503OnClosing: false,
    // No Nest middleware is used; without middie, no per-request middleware pass.
    skipMiddie: true,
    // A URL that cannot be decoded is answered before any hook; it gets the same treatment.
    frameworkErrors: onBadUrl,
  });
}

// Builds the API application (shared by main.ts and the integration tests).
export async function createApiApp(
  config: AppConfig,
  opts: ApiAppOptions = {},
): Promise<INestApplication> {
  const trust = compileTrust(config.env.TRUST_PROXY);
  const steps: RequestStep[] = [];
  const app = await NestFactory.create<NestFastifyApplication>(
    ApiModule.forRoot(config, opts.extraModules),
    fastifyAdapter(trust, (err, req, reply) =>
      runSteps(steps, req, reply, (stepErr) => {
        const { body } = mapError(stepErr ?? new BadRequestException(err.message));
        void reply.code(body.statusCode).send(body);
      }),
    ),
    { bodyParser: false, bufferLogs: opts.bufferLogs ?? true },
  );
  const logger = app.get(AppLogger);
  app.useLogger(logger);
  const http = app.getHttpAdapter().getInstance();
  http.decorateRequest('secure', {
    getter(this: FastifyRequest) {
      return isSecure(this.raw, trust);
    },
  });
  // Before routing, in this order. The request context's AsyncLocalStorage run spans the rest of
  // the request: these steps, then guards, controllers and services (Fastify resumes a parsed
  // body in the context the parser was called in).
  const log = requestLog(logger.root, trust);
  const spa = spaFallback(config.env.FRONTEND_DIST);
  steps.push(
    (req, reply, next) => requestContext.middleware(req.raw, reply.raw, next),
    (req, reply, next) => log(req.raw, reply.raw, next),
    securityHeaders(),
    app.get(ApiRateLimiter).addressStep(),
    ...(spa ? [spa] : []),
  );
  http.addHook('onRequest', (req, reply, done) => runSteps(steps, req, reply, done));
  // Request durations by route pattern for GET /api/metrics.
  const metrics = app.get(MetricsService);
  http.addHook('onResponse', (req, reply, done) => {
    metrics.http.observe(
      req.method,
      req.routeOptions?.url,
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    done();
  });
  registerJsonBody(http, JSON_LIMIT);
  // No ETag (lists change under the client all the time) and no CORS (the SPA is same-origin):
  // Fastify sends neither unless asked.
  app.setGlobalPrefix('api');
  app.useWebSocketAdapter(new WsAdapter(app));
  if (opts.shutdownHooks !== false) app.enableShutdownHooks();
  mountDocs(app, config.version);
  return app;
}
