import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

const VALID = /^[\w.:-]{1,64}$/;

// Honour a sane incoming x-request-id (from Nginx or a client), otherwise mint one; idempotent per request.
export function requestIdOf(req: IncomingMessage, res?: ServerResponse): string {
  const r = req as IncomingMessage & { id?: string };
  if (typeof r.id === 'string' && r.id) return r.id;
  const header = req.headers['x-request-id'];
  const incoming = Array.isArray(header) ? header[0] : header;
  r.id = incoming && VALID.test(incoming) ? incoming : randomUUID();
  if (res && !res.headersSent) res.setHeader('x-request-id', r.id);
  return r.id;
}
