import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { mime, send, type SendResult } from '@fastify/send';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RequestStep } from './request-steps';

// JavaScript is text/javascript (RFC 9239), as Express served it; mime 3 still says
// application/javascript. Process-wide: Swagger UI's files are served with the same table.
mime.define({ 'text/javascript': ['js', 'mjs'] }, true);

const isApi = (p: string) => p === '/api' || p.startsWith('/api/');

/**
 * Serves the built SPA at / as express.static plus an index.html fallback did: a file of the dist
 * folder when there is one (cached 1 h), otherwise index.html (no-cache) for any non-API GET/HEAD,
 * for client-side routing. Runs before routing, so these requests never reach the API's routes.
 * Null when the dist folder has no index.html (an API-only install).
 */
export function spaFallback(distDir: string): RequestStep | null {
  if (!existsSync(join(distDir, 'index.html'))) return null;
  return (req, reply, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const q = req.url.indexOf('?');
    const path = q < 0 ? req.url : req.url.slice(0, q);
    if (isApi(path)) return next();
    serve(req, reply, distDir, path).catch(next);
  };
}

async function serve(
  req: FastifyRequest,
  reply: FastifyReply,
  distDir: string,
  path: string,
): Promise<void> {
  const file = await send(req.raw, path, { root: distDir, index: false, maxAge: '1h' });
  // A directory without its slash is redirected to it; client errors (missing file, dotfile,
  // a directory) fall through to index.html, as serve-static's fallthrough did.
  if (file.type !== 'error') return answer(reply, file);
  if (file.statusCode >= 500) throw file.metadata.error;
  const index = await send(req.raw, '/index.html', {
    root: distDir,
    etag: false,
    cacheControl: false,
  });
  if (index.type === 'error') throw index.metadata.error;
  answer(reply, index, { 'cache-control': 'no-cache' });
}

function answer(reply: FastifyReply, file: SendResult, extra: Record<string, string> = {}): void {
  void reply.code(file.statusCode).headers(file.headers).headers(extra).send(file.stream);
}
