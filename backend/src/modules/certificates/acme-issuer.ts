import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, get as httpsGet } from 'node:https';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import type * as AcmeClient from 'acme-client';
import { AppConfig } from '../../config/app-config';

export interface AcmeOrder {
  directoryUrl: string;
  email: string;
  domains: string[];
  /** PEM; a new one is created when absent. */
  accountKey: string | null;
}

export interface AcmeResult {
  chainPem: string;
  keyPem: string;
  accountKey: string;
}

/**
 * One ACME order with the HTTP-01 challenge: the token is written under ACME_WEBROOT, which Nginx serves
 * at /.well-known/acme-challenge/ on port 80, and removed afterwards.
 */
@Injectable()
export class AcmeIssuer {
  constructor(private readonly config: AppConfig) {
    const ca = config.env.ACME_CA_FILE;
    // A private ACME server (or a test one) whose TLS certificate no public root signs.
    this.agent = ca ? new Agent({ ca: readFileSync(ca) }) : undefined;
  }

  private readonly agent: Agent | undefined;
  private acme: Promise<typeof AcmeClient> | undefined;

  // acme-client (with its HTTP and crypto stack) is loaded on the first order, not at start-up.
  private loadAcme(): Promise<typeof AcmeClient> {
    return (this.acme ??= import('acme-client').then((acme) => {
      if (this.agent) acme.axios.defaults.httpsAgent = this.agent;
      return acme;
    }));
  }

  /** A clear error for a URL that is not an ACME directory (acme-client's own is cryptic). */
  private checkDirectory(url: string): Promise<void> {
    return new Promise((done, fail) => {
      const req = httpsGet(url, { agent: this.agent, timeout: 15_000 }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => {
          let dir: { newOrder?: unknown } = {};
          try {
            dir = JSON.parse(body) as typeof dir;
          } catch {
            // not JSON: reported below
          }
          if (res.statusCode === 200 && typeof dir.newOrder === 'string') return done();
          fail(new Error(`${url} is not an ACME directory (HTTP ${res.statusCode})`));
        });
      });
      req.on('timeout', () => req.destroy(new Error('no answer within 15 s')));
      req.on('error', (err) => fail(new Error(`ACME server ${url} unreachable: ${err.message}`)));
    });
  }

  async order(o: AcmeOrder, log: (line: string) => void): Promise<AcmeResult> {
    await this.checkDirectory(o.directoryUrl);
    const acme = await this.loadAcme();
    const accountKey = o.accountKey ?? (await acme.crypto.createPrivateKey()).toString();
    const client = new acme.Client({ directoryUrl: o.directoryUrl, accountKey });
    const [key, csr] = await acme.crypto.createCsr({
      commonName: o.domains[0],
      altNames: o.domains,
    });
    const dir = join(this.config.env.ACME_WEBROOT, '.well-known', 'acme-challenge');
    mkdirSync(dir, { recursive: true, mode: 0o755 });
    const chainPem = await client.auto({
      csr,
      email: o.email,
      termsOfServiceAgreed: true,
      challengePriority: ['http-01'],
      // The ACME server validates; a local pre-check would need public DNS from this host.
      skipChallengeVerification: true,
      challengeCreateFn: (authz, challenge, keyAuthorization) => {
        log(`HTTP-01 challenge for ${authz.identifier.value}`);
        writeFileSync(join(dir, safeToken(challenge.token)), keyAuthorization, { mode: 0o644 });
        return Promise.resolve();
      },
      challengeRemoveFn: (_authz, challenge) => {
        rmSync(join(dir, safeToken(challenge.token)), { force: true });
        return Promise.resolve();
      },
    });
    return { chainPem, keyPem: key.toString(), accountKey };
  }
}

// ACME tokens are base64url; anything else must not become a path.
function safeToken(token: string): string {
  if (!/^[\w-]+$/.test(token)) throw new Error('unexpected ACME token');
  return token;
}
