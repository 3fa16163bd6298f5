import { createHash, generateKeyPairSync } from 'node:crypto';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import forge from 'node-forge';

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
}

export interface FakeReply {
  status?: number;
  statusMessage?: string;
  body?: unknown;
  /** Never answer (timeout tests). */
  hang?: boolean;
  delayMs?: number;
}

export type FakeHandler = (req: FakeRequest) => FakeReply | Promise<FakeReply>;

export interface FakePveServer {
  url: string;
  port: number;
  fingerprint: string;
  requests: FakeRequest[];
  setHandler(h: FakeHandler): void;
  close(): Promise<void>;
}

let cached: { key: string; cert: string; fingerprint: string } | undefined;

/** Self-signed certificate for a loopback HTTPS server; generated once per test process. */
export function testCertificate(): { key: string; cert: string; fingerprint: string } {
  if (cached) return cached;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 86_400_000);
  cert.validity.notAfter = new Date(Date.now() + 86_400_000);
  const subject = [{ name: 'commonName', value: 'pve-test.local' }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());
  const pem = forge.pki.certificateToPem(cert);
  const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
  const fingerprint = createHash('sha256')
    .update(der)
    .digest('hex')
    .toUpperCase()
    .match(/../g)!
    .join(':');
  cached = { key: privateKey, cert: pem, fingerprint };
  return cached;
}

/** A loopback HTTPS server speaking the PVE envelope, scripted per test. */
export async function startFakePve(
  handler: FakeHandler = () => ({ body: { data: null } }),
): Promise<FakePveServer> {
  const tlsMaterial = testCertificate();
  let current = handler;
  const requests: FakeRequest[] = [];
  const server = https.createServer(
    { key: tlsMaterial.key, cert: tlsMaterial.cert },
    (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'https://x');
        const fake: FakeRequest = {
          method: req.method ?? 'GET',
          path: url.pathname,
          query: url.searchParams,
          body: new URLSearchParams(Buffer.concat(chunks).toString('utf8')),
          headers: req.headers,
        };
        requests.push(fake);
        void Promise.resolve(current(fake)).then(async (reply) => {
          if (reply.hang) return;
          if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
          res.writeHead(reply.status ?? 200, reply.statusMessage ?? 'OK', {
            'Content-Type': 'application/json',
          });
          res.end(JSON.stringify(reply.body ?? { data: null }));
        });
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    fingerprint: tlsMaterial.fingerprint,
    requests,
    setHandler: (h) => {
      current = h;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
