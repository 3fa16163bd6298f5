import * as https from 'node:https';
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import * as tls from 'node:tls';

/** Canonical form of a SHA-256 certificate fingerprint: upper-case hex pairs joined by `:`. */
export function normalizeFingerprint(input: string): string {
  const hex = input.replace(/^sha256\s*[:=]?\s*/i, '').replace(/[^0-9a-fA-F]/g, '');
  if (hex.length !== 64) throw new Error('A SHA-256 fingerprint has 32 bytes (64 hex digits)');
  return hex.toUpperCase().match(/.{2}/g)!.join(':');
}

export function fingerprintsEqual(a: string, b: string): boolean {
  try {
    return normalizeFingerprint(a) === normalizeFingerprint(b);
  } catch {
    return false;
  }
}

export class FingerprintMismatchError extends Error {
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(
      `The server's TLS certificate does not match the pinned fingerprint (got ${actual}); ` +
        'if the certificate was renewed, confirm the new fingerprint',
    );
    this.name = 'FingerprintMismatchError';
  }
}

export interface TlsTrust {
  /** Pinned SHA-256 fingerprint of the endpoint's leaf certificate. */
  fingerprint?: string;
  /** PEM of a CA that signed the endpoint certificate (standard chain + host name check). */
  ca?: string;
}

/**
 * Agent whose sockets are handed to the HTTP layer only after the TLS handshake and the trust
 * check, so no byte of a request (which carries credentials) reaches a server we do not trust,
 * and a socket the request receives has always finished connecting.
 */
export function createTrustedAgent(
  trust: TlsTrust,
  opts: { maxSockets?: number; keepAlive?: boolean } = {},
): https.Agent {
  if (!trust.fingerprint && !trust.ca) {
    throw new Error('A Proxmox endpoint needs a pinned fingerprint or a CA certificate');
  }
  const pinned = trust.fingerprint ? normalizeFingerprint(trust.fingerprint) : undefined;
  const agent = new https.Agent({
    keepAlive: opts.keepAlive ?? true,
    maxSockets: opts.maxSockets ?? 16,
  });

  // Node calls createConnection(options, cb) and, when it returns nothing, waits for cb.
  (agent as unknown as { createConnection: unknown }).createConnection = (
    options: tls.ConnectionOptions,
    cb: (err: Error | null, socket?: Duplex) => void,
  ): undefined => {
    const socket = pinned
      ? tls.connect({ ...options, rejectUnauthorized: false })
      : tls.connect({ ...options, ca: trust.ca, rejectUnauthorized: true });
    const onError = (err: Error) => cb(err);
    socket.once('error', onError);
    socket.once('secureConnect', () => {
      socket.removeListener('error', onError);
      if (pinned) {
        const actual = socket.getPeerCertificate()?.fingerprint256 ?? '';
        if (!fingerprintsEqual(actual, pinned)) {
          socket.destroy();
          cb(new FingerprintMismatchError(pinned, actual));
          return;
        }
      }
      cb(null, socket);
    });
    return undefined;
  };
  return agent;
}

export interface ProbedCertificate {
  fingerprint: string;
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  subjectAltName?: string;
  selfSigned: boolean;
}

/**
 * Trust on first use: read an endpoint's certificate without trusting it, so a person can compare
 * the fingerprint with the one shown in the Proxmox GUI before it is pinned.
 */
export function probeFingerprint(endpoint: string, timeoutMs = 10_000): Promise<ProbedCertificate> {
  const url = new URL(endpoint.includes('://') ? endpoint : `https://${endpoint}`);
  const port = Number(url.port || 8006);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host,
      port,
      servername: isIP(host) ? undefined : host,
      rejectUnauthorized: false,
    });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new Error(`No TLS answer from ${host}:${port} within ${Math.round(timeoutMs / 1000)} s`),
      );
    }, timeoutMs);
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      const cert = socket.getPeerCertificate();
      socket.end();
      const name = (o: Record<string, unknown> | undefined) =>
        o
          ? Object.entries(o)
              .map(([k, v]) => `${k}=${String(v)}`)
              .join(', ')
          : '';
      const subject = name(cert.subject as unknown as Record<string, unknown>);
      const issuer = name(cert.issuer as unknown as Record<string, unknown>);
      resolve({
        fingerprint: normalizeFingerprint(cert.fingerprint256),
        subject,
        issuer,
        validFrom: cert.valid_from,
        validTo: cert.valid_to,
        subjectAltName: cert.subjectaltname,
        selfSigned: subject === issuer,
      });
    });
  });
}
