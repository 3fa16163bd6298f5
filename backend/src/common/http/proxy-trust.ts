import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { compile } from '@fastify/proxy-addr';

export type TrustFn = (addr: string, hop: number) => boolean;

/**
 * TRUST_PROXY read as Express read its "trust proxy" setting: a hop count, or comma-separated
 * addresses, subnets and names (loopback, linklocal, uniquelocal) of the proxies whose
 * X-Forwarded-* headers count. One function for the HTTP stack, the request log and the console.
 */
export function compileTrust(setting: string | number): TrustFn {
  if (typeof setting === 'number') return (_addr, hop) => hop < setting;
  return compile(setting.split(',').map((s) => s.trim()));
}

/**
 * The caller's address as Express computes `req.ip` (walk X-Forwarded-For from the socket outwards
 * while the hop is trusted), so a WebSocket upgrade and the HTTP request that issued its token see
 * the same address behind the same proxies.
 */
export function clientIp(req: IncomingMessage, trust: TrustFn): string | null {
  const socketAddr = req.socket.remoteAddress ?? null;
  if (!socketAddr) return socketAddr;
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .reverse();
  const chain = [socketAddr, ...forwarded];
  for (let i = 0; i < chain.length - 1; i++) if (!trust(chain[i], i)) return chain[i];
  return chain[chain.length - 1];
}

/**
 * Express's `req.secure`: TLS on the socket, or, from a trusted proxy, the first X-Forwarded-Proto
 * value. (Fastify's `request.protocol` takes the last value instead.)
 */
export function isSecure(req: IncomingMessage, trust: TrustFn): boolean {
  const proto = (req.socket as Partial<TLSSocket>).encrypted ? 'https' : 'http';
  if (!trust(req.socket.remoteAddress ?? '', 0)) return proto === 'https';
  const header = req.headers['x-forwarded-proto'];
  const value = (Array.isArray(header) ? header.join(',') : header) || proto;
  return value.split(',')[0].trim() === 'https';
}
