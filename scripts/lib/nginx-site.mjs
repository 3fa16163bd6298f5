// Renders nginx/multpanel.conf (a template with {{NAME}} placeholders), the HTTPS site it includes
// (nginx/multpanel-https.conf, shared with each mapped host's server block) and the TLS snippet.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './deps.mjs';

export const TEMPLATE = path.join(ROOT, 'nginx', 'multpanel.conf');
export const HTTPS_TEMPLATE = path.join(ROOT, 'nginx', 'multpanel-https.conf');
/** In TLS_DIR: the rendered HTTPS site and the per-host server blocks the platform writes. */
export const HTTPS_FILE = 'nginx-https.conf';
export const HOSTS_FILE = 'nginx-hosts.conf';

/**
 * @param {{ serverName?: string, frontendDist: string, upstreams: string[], httpPort?: number,
 *   httpsPort?: number, tlsDir: string, acmeWebroot: string, ipv6?: boolean }} o
 */
export function renderSite(o, template = fs.readFileSync(TEMPLATE, 'utf8')) {
  const httpPort = o.httpPort ?? 80;
  const httpsPort = o.httpsPort ?? 443;
  if (!o.upstreams?.length) throw new Error('at least one API upstream (host:port) is needed');
  const listen = (port, ssl) =>
    [
      `    listen ${port}${ssl ? ' ssl http2' : ''};`,
      ...(o.ipv6 === false ? [] : [`    listen [::]:${port}${ssl ? ' ssl http2' : ''};`]),
    ].join('\n');
  const values = {
    SERVER_NAME: o.serverName || '_',
    FRONTEND_DIST: o.frontendDist,
    API_UPSTREAMS: o.upstreams.map((u) => `    server ${u};`).join('\n'),
    LISTEN_HTTP: listen(httpPort, false),
    LISTEN_HTTPS: listen(httpsPort, true),
    HTTPS_PORT_SUFFIX: httpsPort === 443 ? '' : `:${httpsPort}`,
    TLS_DIR: o.tlsDir,
    ACME_WEBROOT: o.acmeWebroot,
  };
  const out = template.replace(/\{\{([A-Z0-9_]+)\}\}/g, (m, key) => {
    if (!(key in values)) throw new Error(`unknown placeholder ${m} in the Nginx template`);
    return values[key];
  });
  return out;
}

/** The HTTPS site every server block on the HTTPS port includes (same options as renderSite). */
export function renderHttps(o) {
  return renderSite(o, fs.readFileSync(HTTPS_TEMPLATE, 'utf8'));
}

/**
 * Writes the site to `out`, the HTTPS site into the TLS folder and, when absent, an empty per-host
 * file (valid: no mapped host has a certificate yet; the platform keeps it afterwards).
 */
export function writeSite(out, o) {
  fs.writeFileSync(out, renderSite(o));
  fs.writeFileSync(path.join(o.tlsDir, HTTPS_FILE), renderHttps(o));
  const hosts = path.join(o.tlsDir, HOSTS_FILE);
  if (!fs.existsSync(hosts)) fs.writeFileSync(hosts, '');
}

/** The snippet the site includes: certificate, key and HSTS (only for a trusted certificate). */
export function renderTlsSnippet({ certFile, keyFile, hsts }) {
  return [
    `ssl_certificate ${certFile};`,
    `ssl_certificate_key ${keyFile};`,
    `set $multpanel_hsts "${hsts ? 'max-age=31536000' : ''}";`,
    '',
  ].join('\n');
}

// CLI (install.sh): node scripts/lib/nginx-site.mjs --out FILE --dist DIR --tls-dir DIR --acme DIR
//   [--server-name N] [--upstream host:port]... [--http-port 80] [--https-port 443] [--no-ipv6]
// With --out it also writes nginx-https.conf (and an empty nginx-hosts.conf) into the TLS folder.
if (process.argv[1] && path.resolve(process.argv[1]) === new URL(import.meta.url).pathname) {
  const { parseArgs } = await import('node:util');
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      dist: { type: 'string' },
      'tls-dir': { type: 'string' },
      acme: { type: 'string' },
      'server-name': { type: 'string' },
      upstream: { type: 'string', multiple: true },
      'http-port': { type: 'string' },
      'https-port': { type: 'string' },
      'no-ipv6': { type: 'boolean' },
    },
  });
  const options = {
    serverName: values['server-name'],
    frontendDist: values.dist,
    upstreams: values.upstream ?? ['127.0.0.1:8080'],
    httpPort: values['http-port'] ? Number(values['http-port']) : undefined,
    httpsPort: values['https-port'] ? Number(values['https-port']) : undefined,
    tlsDir: values['tls-dir'],
    acmeWebroot: values.acme,
    ipv6: !values['no-ipv6'],
  };
  if (values.out) writeSite(values.out, options);
  else process.stdout.write(renderSite(options));
}
