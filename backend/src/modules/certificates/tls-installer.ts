import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import type { ServedCertificate } from '@multpanel/contracts';
import { AppConfig } from '../../config/app-config';
import { chainIsTrusted, splitPem } from './chain-trust';

export const CERT_FILE = 'multpanel.crt';
export const KEY_FILE = 'multpanel.key';
export const SNIPPET_FILE = 'nginx-tls.conf';
/** The HTTPS site every server block includes (scripts/lib/nginx-site.mjs renders it). */
export const HTTPS_FILE = 'nginx-https.conf';
/** One server block per mapped host with its own certificate; the site includes it. */
export const HOSTS_SNIPPET_FILE = 'nginx-hosts.conf';
/** A mapped host's chain and key: hosts/<host>.crt and .key. */
export const HOSTS_DIR = 'hosts';

/** Nginx's TLS files in TLS_DIR: the served chain, its key and the snippet the site includes. */
@Injectable()
export class TlsInstaller {
  constructor(private readonly config: AppConfig) {}

  private get dir(): string {
    return this.config.env.TLS_DIR;
  }

  /** Writes chain, key and snippet (HSTS only for a trusted chain), then reloads Nginx. */
  async install(chainPem: string, keyPem: string): Promise<{ hsts: boolean; reloaded: boolean }> {
    mkdirSync(this.dir, { recursive: true, mode: 0o750 });
    const hsts = chainIsTrusted(chainPem, this.extraRoots());
    atomicWrite(join(this.dir, KEY_FILE), keyPem, 0o600);
    atomicWrite(join(this.dir, CERT_FILE), chainPem, 0o644);
    atomicWrite(join(this.dir, SNIPPET_FILE), tlsSnippet(this.dir, hsts), 0o644);
    return { hsts, reloaded: await this.reload() };
  }

  /** A mapped host's chain and key, then the per-host server blocks, then a reload. */
  async installHost(
    host: string,
    chainPem: string,
    keyPem: string,
  ): Promise<{ hsts: boolean; reloaded: boolean }> {
    const dir = join(this.dir, HOSTS_DIR);
    mkdirSync(dir, { recursive: true, mode: 0o750 });
    atomicWrite(join(dir, `${safeHost(host)}.key`), keyPem, 0o600);
    atomicWrite(join(dir, `${safeHost(host)}.crt`), chainPem, 0o644);
    this.writeHostsSnippet();
    return { hsts: chainIsTrusted(chainPem, this.extraRoots()), reloaded: await this.reload() };
  }

  /** Drops a host's files and its server block (nothing to do when it had none). */
  async removeHost(host: string): Promise<{ removed: boolean; reloaded: boolean }> {
    const base = join(this.dir, HOSTS_DIR, safeHost(host));
    if (!existsSync(`${base}.crt`) && !existsSync(`${base}.key`))
      return { removed: false, reloaded: false };
    this.writeHostsSnippet(host);
    rmSync(`${base}.crt`, { force: true });
    rmSync(`${base}.key`, { force: true });
    return { removed: true, reloaded: await this.reload() };
  }

  /** The hosts whose chain and key are installed. */
  installedHosts(): string[] {
    const dir = join(this.dir, HOSTS_DIR);
    if (!existsSync(dir)) return [];
    const files = new Set(readdirSync(dir));
    return [...files]
      .filter((f) => f.endsWith('.crt') && files.has(f.replace(/\.crt$/, '.key')))
      .map((f) => f.slice(0, -'.crt'.length))
      .sort();
  }

  // The snippet lists what is installed (a host being removed left out), so it never names a
  // missing file, which would stop Nginx from reloading.
  private writeHostsSnippet(without?: string): void {
    const hosts = this.installedHosts().filter((h) => h !== without);
    const blocks = hosts.map((h) => {
      const chain = readFileSync(join(this.dir, HOSTS_DIR, `${h}.crt`), 'utf8');
      return hostServerBlock(this.dir, h, chainIsTrusted(chain, this.extraRoots()));
    });
    atomicWrite(join(this.dir, HOSTS_SNIPPET_FILE), blocks.join('\n'), 0o644);
  }

  served(): ServedCertificate | null {
    const file = join(this.dir, CERT_FILE);
    if (!existsSync(file)) return null;
    const pem = readFileSync(file, 'utf8');
    const [leafPem] = splitPem(pem);
    if (!leafPem) return null;
    const leaf = new X509Certificate(leafPem);
    const snippet = join(this.dir, SNIPPET_FILE);
    return {
      subject: leaf.subject.replace(/\n/g, ', '),
      issuer: leaf.issuer.replace(/\n/g, ', '),
      selfSigned: leaf.checkIssued(leaf) && leaf.verify(leaf.publicKey),
      altNames: (leaf.subjectAltName ?? '')
        .split(', ')
        .filter(Boolean)
        .map((n) => n.replace(/^(DNS|IP Address):/, '')),
      notBefore: new Date(leaf.validFrom).toISOString(),
      notAfter: new Date(leaf.validTo).toISOString(),
      fingerprint256: leaf.fingerprint256,
      hsts: existsSync(snippet) && /max-age=\d+/.test(readFileSync(snippet, 'utf8')),
    };
  }

  private extraRoots(): string {
    const f = this.config.env.TLS_TRUSTED_CA_FILE;
    return f && existsSync(f) ? readFileSync(f, 'utf8') : '';
  }

  /** TLS_RELOAD_COMMAND (e.g. `sudo -n /usr/sbin/nginx -s reload`); false when none is configured. */
  private reload(): Promise<boolean> {
    const cmd = this.config.env.TLS_RELOAD_COMMAND?.trim();
    if (!cmd) return Promise.resolve(false);
    const [bin, ...args] = cmd.split(/\s+/);
    return new Promise((done, fail) =>
      execFile(bin, args, { timeout: 30_000 }, (err, _out, stderr) =>
        err
          ? fail(new Error(`Nginx reload failed: ${(stderr || err.message).trim()}`))
          : done(true),
      ),
    );
  }
}

export function tlsSnippet(dir: string, hsts: boolean): string {
  return [
    `ssl_certificate ${join(dir, CERT_FILE)};`,
    `ssl_certificate_key ${join(dir, KEY_FILE)};`,
    `set $multpanel_hsts "${hsts ? 'max-age=31536000' : ''}";`,
    '',
  ].join('\n');
}

/** A mapped host's server block: its certificate by SNI, the same HTTPS site as the platform's. */
export function hostServerBlock(dir: string, host: string, hsts: boolean): string {
  const base = join(dir, HOSTS_DIR, safeHost(host));
  return [
    'server {',
    `    server_name ${safeHost(host)};`,
    `    ssl_certificate ${base}.crt;`,
    `    ssl_certificate_key ${base}.key;`,
    `    set $multpanel_hsts "${hsts ? 'max-age=31536000' : ''}";`,
    `    include ${join(dir, HTTPS_FILE)};`,
    '}',
    '',
  ].join('\n');
}

// Host names are validated by the contracts; this keeps anything else out of paths and Nginx config.
function safeHost(host: string): string {
  if (!/^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/.test(host) || host.includes('..'))
    throw new Error(`unexpected host name ${host}`);
  return host;
}

function atomicWrite(file: string, data: string, mode: number): void {
  writeFileSync(`${file}.tmp`, data, { mode });
  renameSync(`${file}.tmp`, file);
}
