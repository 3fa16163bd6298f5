import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';
import type { RequestStep } from './request-steps';

// Over plain HTTP, HSTS and upgrade-insecure-requests would pin a browser to an https that may
// not exist (a LAN install, a test rig): they are sent only when the request came over TLS.
const hsts = (tls: boolean) => tls;
const upgradeInsecure = (tls: boolean) => (tls ? [] : null);

// CSP fits the SPA: own scripts only, MUI/emotion inline styles, same-origin API and WebSockets.
const spa = (tls: boolean): HelmetOptions => ({
  strictTransportSecurity: hsts(tls),
  contentSecurityPolicy: {
    directives: {
      upgradeInsecureRequests: upgradeInsecure(tls),
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'", 'ws:', 'wss:'],
      workerSrc: ["'self'", 'blob:'],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
    },
  },
  crossOriginEmbedderPolicy: false,
});

// Swagger UI ships an inline bootstrap script; it only runs on the docs page.
const docs = (tls: boolean): HelmetOptions => ({
  strictTransportSecurity: hsts(tls),
  contentSecurityPolicy: {
    directives: {
      upgradeInsecureRequests: upgradeInsecure(tls),
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", "'unsafe-inline'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
    },
  },
});

/**
 * The headers helmet sets with these options. None of them depends on the request (no nonces, no
 * directive functions), so helmet runs once at start-up instead of once per request.
 */
function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: string) => (headers[name.toLowerCase()] = value),
    removeHeader: () => undefined,
  };
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
  });
  return headers;
}

const API_PATH = /^\/api(?:[/?#]|$)/i;

/**
 * Helmet's headers: the strict SPA policy everywhere but on the API docs, the TLS-only ones only
 * over TLS. API answers carry personal data and are never cached (a handler may say otherwise).
 */
export function securityHeaders(): RequestStep {
  const variants = (options: (tls: boolean) => HelmetOptions) => ({
    tls: helmetHeaders(options(true)),
    plain: helmetHeaders(options(false)),
  });
  const forSpa = variants(spa);
  const forDocs = variants(docs);
  return (req, reply, next) => {
    const set = req.url.startsWith('/api/docs') ? forDocs : forSpa;
    reply.headers(req.secure ? set.tls : set.plain);
    if (API_PATH.test(req.url)) reply.header('cache-control', 'no-store');
    next();
  };
}
