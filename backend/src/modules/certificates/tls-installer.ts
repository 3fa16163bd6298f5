import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import type { ServedCertificate } from '@multpanel/contracts';
import { AppConfig } from '../../config/app-config';
import { chainIsTrusted, splitPem } from './chain-trust';

export const CERT_FILE = 'multpanel.crt';
export const KEY_FILE = 'multpanel.key';
export const SNIPPET_FILE = 'nginx-tls.conf';

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

function atomicWrite(file: string, data: string, mode: number): void {
  writeFileSync(`${file}.tmp`, data, { mode });
  renameSync(`${file}.tmp`, file);
}
