import type { IncomingMessage } from 'node:http';
import { finished, type Readable, type Transform } from 'node:stream';
import { TextDecoder } from 'node:util';
import zlib from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../common/errors/app-error';

type Done = (err: Error | null, body?: unknown) => void;

// Express parsed bodies only under /api (its mount paths ignore case).
const API_PATH = /^\/api(?:[/?#]|$)/i;

const INFLATE: Partial<Record<string, () => Transform>> = {
  deflate: () => zlib.createInflate(),
  gzip: () => zlib.createGunzip(),
  br: () => zlib.createBrotliDecompress(),
};

/**
 * Request bodies as `express.json({ limit })` under /api read them, so clients see no change:
 * application/json only (anything else leaves the body undefined), objects and arrays only, an
 * empty body is `{}`, gzip/deflate/br bodies are inflated. Errors carry body-parser's `type`
 * (`entity.parse.failed`, `entity.too.large`), which mapError answers as before; an encoding or
 * charset we do not read is a 415 and a body that does not inflate a 400 (never a 500).
 */
export function registerJsonBody(app: FastifyInstance, limit: number): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', (req, payload, done) => {
    if (!API_PATH.test(req.url) || !hasBody(payload)) return done(null, undefined);
    readJson(payload, limit, done);
  });
  app.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));
}

// type-is's hasBody: a body is announced by Transfer-Encoding or a numeric Content-Length.
function hasBody(req: IncomingMessage): boolean {
  return (
    req.headers['transfer-encoding'] !== undefined ||
    !Number.isNaN(Number(req.headers['content-length']))
  );
}

function bodyError(type: string, message: string): Error {
  return Object.assign(new Error(message), { type });
}

const unsupported = (message: string) => new AppError('UNSUPPORTED_MEDIA_TYPE', message);

function readJson(req: IncomingMessage, limit: number, done: Done): void {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.headers['content-type'] ?? '')?.[1];
  const name = (charset ?? 'utf-8').toLowerCase();
  let decoder: TextDecoder;
  try {
    if (!name.startsWith('utf-')) throw new RangeError(name);
    decoder = new TextDecoder(name); // drops a byte order mark, as iconv-lite did
  } catch {
    return drain(req, done, unsupported(`Unsupported charset "${name}"; send JSON as UTF-8`));
  }
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  let source: Readable = req;
  if (encoding === 'identity') {
    if (Number(req.headers['content-length']) > limit) {
      return drain(req, done, bodyError('entity.too.large', 'request entity too large'));
    }
  } else {
    const inflate = INFLATE[encoding];
    if (!inflate) {
      return drain(
        req,
        done,
        unsupported(`Unsupported Content-Encoding "${encoding}"; use gzip, deflate, br or none`),
      );
    }
    source = req.pipe(inflate());
  }
  const undecodable = (err: Error) =>
    source === req
      ? err
      : new AppError('BAD_REQUEST', `Request body is not valid ${encoding}: ${err.message}`);

  const chunks: Buffer[] = [];
  let received = 0;
  const stop = (err: Error) => {
    source.removeAllListeners('data').removeAllListeners('end');
    if (source !== req) req.unpipe();
    drain(req, done, err);
  };
  source.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (received > limit) return stop(bodyError('entity.too.large', 'request entity too large'));
    chunks.push(chunk);
  });
  source.once('error', (err: Error) => stop(undecodable(err)));
  source.once('end', () => {
    const raw = Buffer.concat(chunks);
    RAW_BODIES.set(req, raw);
    const text = decoder.decode(raw);
    try {
      done(null, parseStrict(text));
    } catch (err) {
      done(Object.assign(err as Error, { type: 'entity.parse.failed' }));
    }
  });
}

// The exact bytes of each parsed body, for signatures over them (push webhooks); gone with the request.
const RAW_BODIES = new WeakMap<IncomingMessage, Buffer>();

/** The body bytes as received (after inflating), when the request had a JSON body. */
export function rawBodyOf(req: IncomingMessage): Buffer | undefined {
  return RAW_BODIES.get(req);
}

/** Answers only once the client has sent its whole body, as body-parser did. */
function drain(req: IncomingMessage, done: Done, err: Error): void {
  req.resume();
  finished(req, () => done(err));
}

const JSON_SYNTAX_CHAR = '#';

// body-parser's strict mode: only an object or an array, with JSON.parse's own wording on failure.
function parseStrict(text: string): unknown {
  if (text.length === 0) return {};
  const first = /^[ \t\n\r]*([^ \t\n\r]|$)/.exec(text)?.[1];
  if (first === '{' || first === '[') return JSON.parse(text);
  const index = first ? text.indexOf(first) : -1;
  const partial =
    index < 0 ? '' : text.slice(0, index) + JSON_SYNTAX_CHAR.repeat(text.length - index);
  try {
    JSON.parse(partial);
  } catch (err) {
    const e = err as Error;
    e.message = e.message.replace(/#+/g, (p) => text.substring(index, index + p.length));
    throw e;
  }
  throw new SyntaxError('strict violation');
}
