import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger as Pino } from 'pino';
import { clientIp, type TrustFn } from '../http/proxy-trust';
import { requestIdOf } from './request-id';

type Level = 'error' | 'warn' | 'info' | 'debug';

/**
 * The level of a finished request's line. Nginx's access log already has every request, so the
 * API's own lines are for what it alone knows: failures and everything that changes state.
 * Successful reads are debug: at info, one line per list refresh cost more CPU than the list.
 */
function requestLogLevel(method: string | undefined, status: number): Level {
  if (status >= 500) return 'error';
  if (status >= 400) return 'warn';
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS' ? 'debug' : 'info';
}

// Query values that grant something (one-time console tokens, OIDC codes) never reach a line.
const SECRET_QUERY = /([?&](?:token|code|state|ticket|password|secret)=)[^&#]*/gi;

export function loggableUrl(url: string): string {
  return url.includes('?') ? url.replace(SECRET_QUERY, '$1[redacted]') : url;
}

interface Timed {
  mpStart?: number;
  mpUrl?: string;
}

/**
 * One line per request when it ends (or the client goes away), through the root logger: no child
 * logger and no closure per request. Health probes are not logged at all. `trust` says which
 * proxies' X-Forwarded-For names the client (none by default).
 */
export function requestLog(root: Pino, trust: TrustFn = () => false) {
  function onClose(this: ServerResponse & Timed): void {
    const req = this.req as IncomingMessage & { principal?: { userId?: string } };
    const status = this.writableFinished ? this.statusCode : 499; // 499: client closed first
    const level = requestLogLevel(req.method, status);
    if (!root.isLevelEnabled(level)) return;
    root[level](
      {
        reqId: requestIdOf(req),
        req: { method: req.method, url: this.mpUrl, ip: clientIp(req, trust) },
        res: { statusCode: status },
        responseTime: Math.round(performance.now() - (this.mpStart ?? 0)),
        userId: req.principal?.userId,
      },
      this.writableFinished ? 'request completed' : 'request aborted',
    );
  }
  return (req: IncomingMessage, res: ServerResponse & Timed, next: () => void): void => {
    if (!req.url?.startsWith('/api/health')) {
      res.mpStart = performance.now();
      res.mpUrl = loggableUrl(req.url ?? '');
      res.once('close', onClose);
    }
    next();
  };
}
