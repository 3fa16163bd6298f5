import { existsSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { isUtf8MimeType, mime, send, type SendResult } from '@fastify/send';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { pickEncoding, type Encoding } from './accept-encoding';
import type { RequestStep } from './request-steps';

// JavaScript is text/javascript (RFC 9239), as Express served it; mime 3 still says
// application/javascript. Process-wide: Swagger UI's files are served with the same table.
mime.define({ 'text/javascript': ['js', 'mjs'] }, true);

const isApi = (p: string) => p === '/api' || p.startsWith('/api/');
/** Vite names everything under /assets/ by content hash: a changed file gets a new name. */
const isHashedAsset = (p: string) => p.startsWith('/assets/');
const IMMUTABLE = 'public, max-age=31536000, immutable';
const SUFFIX: Record<Encoding, string> = { br: '.br', gzip: '.gz' };

/**
 * Serves the built SPA at /: a file of the dist folder when there is one, otherwise index.html
 * (mobile.html under /mobile) (no-cache) for any non-API GET/HEAD, for client-side routing. Runs before routing, so these
 * requests never reach the API's routes. Null when the dist folder has no index.html (an API-only
 * install).
 *
 * Compression: the build writes `.br` and `.gz` beside every compressible file (vite.config.ts);
 * the one the client accepts is sent with Content-Encoding and `Vary: Accept-Encoding`, so no CPU
 * is spent per request. Hashed files under /assets/ are cached for a year as immutable; other
 * files for an hour. A missing /assets/ file is a 404, never index.html: a client still running
 * an older build must see its chunk fail to load, not parse HTML as JavaScript.
 */
export function spaFallback(distDir: string): RequestStep | null {
  if (!existsSync(join(distDir, 'index.html'))) return null;
  const compressed = precompressedFiles(resolve(distDir));
  return (req, reply, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const q = req.url.indexOf('?');
    const path = q < 0 ? req.url : req.url.slice(0, q);
    if (isApi(path)) return next();
    serve(req, reply, distDir, compressed, path).catch(next);
  };
}

/**
 * URL path → the encodings written beside it at build time. Looked up on first request, so a
 * build written after start-up is served compressed too; remembered only for hashed assets, whose
 * content (and siblings) never change under one name.
 */
type Precompressed = (path: string) => Encoding[];

function precompressedFiles(distDir: string): Precompressed {
  const known = new Map<string, Encoding[]>();
  return (path) => {
    const hit = known.get(path);
    if (hit) return hit;
    const file = resolve(distDir, '.' + path);
    // Only inside the dist folder; send refuses the rest (and answers 404/403) on its own.
    if (!file.startsWith(distDir + sep)) return [];
    const found = (Object.keys(SUFFIX) as Encoding[]).filter((enc) =>
      existsSync(file + SUFFIX[enc]),
    );
    if (isHashedAsset(path) && existsSync(file)) known.set(path, found);
    return found;
  };
}

async function serve(
  req: FastifyRequest,
  reply: FastifyReply,
  distDir: string,
  compressed: Precompressed,
  path: string,
): Promise<void> {
  const hashed = isHashedAsset(path);
  const cache = hashed ? { cacheControl: false } : { maxAge: '1h' };
  const file = await sendEncoded(req, distDir, compressed, path, cache);
  if (file.result.type !== 'error') {
    return answer(reply, file, hashed ? { 'cache-control': IMMUTABLE } : {});
  }
  // A directory without its slash is redirected to it; client errors (missing file, dotfile,
  // a directory) fall through to index.html, as serve-static's fallthrough did.
  if (file.result.statusCode >= 500) throw file.result.metadata.error;
  if (hashed) {
    void reply.code(404).header('cache-control', 'no-cache').type('text/plain').send('Not Found');
    return;
  }
  const index = await sendEncoded(req, distDir, compressed, htmlEntry(distDir, path), {
    etag: false,
    cacheControl: false,
  });
  if (index.result.type === 'error') throw index.result.metadata.error;
  answer(reply, index, { 'cache-control': 'no-cache' });
}

/**
 * The page for a client-side route: the phone entry (mobile.html, the /mobile view only, no console
 * code) for /mobile and below when the build has one, index.html (the whole SPA) otherwise.
 */
function htmlEntry(distDir: string, path: string): string {
  const phone = path === '/mobile' || path.startsWith('/mobile/');
  return phone && existsSync(join(distDir, 'mobile.html')) ? '/mobile.html' : '/index.html';
}

interface Sent {
  result: SendResult;
  encoding: Encoding | null;
  /** The file's own type: the compressed sibling's would be application/x-brotli or gzip. */
  type: string | null;
  /** Whether compressed siblings exist, i.e. the answer depends on Accept-Encoding. */
  varies: boolean;
}

/** Sends the file at URL path `path` (still percent-encoded, as send wants it). */
async function sendEncoded(
  req: FastifyRequest,
  distDir: string,
  compressed: Precompressed,
  path: string,
  opts: Parameters<typeof send>[2],
): Promise<Sent> {
  const file = decodePath(path);
  const available = file === null ? [] : compressed(file);
  const encoding = pickEncoding(req.headers['accept-encoding'], available);
  const result = await send(req.raw, encoding ? path + SUFFIX[encoding] : path, {
    root: distDir,
    index: false,
    // A byte range of the compressed body is not a range of the file the client asked for.
    acceptRanges: !encoding,
    ...opts,
  });
  const type = encoding && file ? mime.getType(file) : null;
  return { result, encoding, type, varies: available.length > 0 };
}

/** The URL path as a file path, or null when it does not decode (send answers that with 400). */
function decodePath(path: string): string | null {
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}

function answer(reply: FastifyReply, sent: Sent, extra: Record<string, string>): void {
  const { result } = sent;
  void reply.code(result.statusCode).headers(result.headers);
  if (sent.varies) void reply.header('vary', 'Accept-Encoding');
  if (sent.encoding) void reply.header('content-encoding', sent.encoding);
  if (sent.type) void reply.header('content-type', contentType(sent.type));
  void reply.headers(extra).send(result.stream);
}

/** As send types the uncompressed file. */
const contentType = (type: string): string =>
  isUtf8MimeType(type) ? `${type}; charset=utf-8` : type;
