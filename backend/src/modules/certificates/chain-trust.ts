import { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';

/** PEM blocks of a bundle, in order. */
export function splitPem(pem: string): string[] {
  return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

const issuedBy = (cert: X509Certificate, issuer: X509Certificate) =>
  cert.checkIssued(issuer) && cert.verify(issuer.publicKey);

/**
 * Whether a served chain (leaf first) leads to a trusted root: Node's bundled public roots plus any
 * extra anchors (a private ACME CA). HSTS is only switched on for such a certificate.
 */
export function chainIsTrusted(chainPem: string, extraRootsPem = '', at = new Date()): boolean {
  const chain = splitPem(chainPem).map((p) => new X509Certificate(p));
  if (!chain.length) return false;
  const roots = [...rootCertificates, ...splitPem(extraRootsPem)].map(
    (p) => new X509Certificate(p),
  );
  let cert = chain[0];
  for (let hops = 0; hops < 6; hops++) {
    if (new Date(cert.validFrom) > at || new Date(cert.validTo) < at) return false;
    if (roots.some((r) => r.fingerprint256 === cert.fingerprint256 || issuedBy(cert, r)))
      return true;
    const next = chain.find((c) => c !== cert && issuedBy(cert, c));
    if (!next) return false;
    cert = next;
  }
  return false;
}
