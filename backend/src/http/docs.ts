import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { onSendHookHandler } from 'fastify';
import { cleanupOpenApiDoc } from 'nestjs-zod';

// Express added charset=utf-8 to the type of every string body; Swagger's routes set bare types
// (text/html, text/yaml, application/javascript), so the docs routes add it as before.
const withCharset: onSendHookHandler = (_req, reply, payload, done) => {
  const type = reply.getHeader('content-type');
  if (typeof payload === 'string' && typeof type === 'string' && !/;\s*charset=/i.test(type)) {
    reply.header('content-type', `${type}; charset=utf-8`);
  }
  done(null, payload);
};

/** Swagger UI at /api/docs and the OpenAPI document at /api/docs-json. */
export function mountDocs(app: NestFastifyApplication, version: string): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (route) => {
      if (!route.url.startsWith('/api/docs')) return;
      const onSend = route.onSend ?? [];
      route.onSend = [...(Array.isArray(onSend) ? onSend : [onSend]), withCharset];
    });
  // A factory: Swagger builds the document on the first docs request, not at every boot (building
  // it converts every zod schema, a large share of an app's start-up CPU in each integration suite).
  const document = () =>
    cleanupOpenApiDoc(
      SwaggerModule.createDocument(
        app,
        new DocumentBuilder().setTitle('Multpanel API').setVersion(version).addBearerAuth().build(),
      ),
    );
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/docs-json',
    useGlobalPrefix: false,
  });
}
