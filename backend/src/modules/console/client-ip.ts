import type { IncomingMessage } from 'node:http';

export type TrustFn = (addr: string, hop: number) => boolean;

/**
 * The caller's address as Express computes `req.ip` (walk X-Forwarded-For from the socket outwards
 * while the hop is trusted), so a WebSocket upgrade and the HTTP request that issued its token see
 * the same address behind the same proxies.
 */
export function clientIp(req: IncomingMessage, trust: TrustFn | undefined): string | null {
  const socketAddr = req.socket.remoteAddress ?? null;
  if (!socketAddr || !trust) return socketAddr;
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
