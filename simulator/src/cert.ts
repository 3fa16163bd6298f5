import { createHash, generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';

export interface CertBundle {
  key: string;
  cert: string;
  fingerprint: string;
}

/** per-process cache by cluster slot: key generation is the slow part and tests start many simulators */
const processCerts = new Map<string, CertBundle>();

/** Self-signed certificate like pve-ssl.pem; cached per process because key generation is the slow part. */
export function makeCertificate(
  hosts: string[] = ['localhost', '127.0.0.1'],
  slot = 'default',
): CertBundle {
  const hit = processCerts.get(slot);
  if (hit) return hit;
  // node's native keygen is ~100x faster than forge's pure-JS one; forge does the X.509 part
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  cert.serialNumber = '01' + createHash('sha1').update(publicKey).digest('hex').slice(0, 16);
  cert.validity.notBefore = new Date(Date.now() - 86400_000);
  cert.validity.notAfter = new Date(Date.now() + 2 * 365 * 86400_000);
  const subject = [
    { name: 'commonName', value: hosts[0] },
    { name: 'organizationName', value: 'PVE Cluster Node (simulated)' },
    { name: 'organizationalUnitName', value: 'PVE Cluster Node' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: hosts.map((h) => (/^[\d.]+$/.test(h) ? { type: 7, ip: h } : { type: 2, value: h })),
    },
  ]);
  const forgeKey = forge.pki.privateKeyFromPem(privateKey);
  cert.sign(forgeKey, forge.md.sha256.create());
  const pem = forge.pki.certificateToPem(cert);
  const bundle = { key: privateKey, cert: pem, fingerprint: fingerprintOf(pem) };
  processCerts.set(slot, bundle);
  return bundle;
}

export function fingerprintOf(pem: string): string {
  const der = forge.asn1
    .toDer(forge.pki.certificateToAsn1(forge.pki.certificateFromPem(pem)))
    .getBytes();
  return createHash('sha256')
    .update(Buffer.from(der, 'binary'))
    .digest('hex')
    .toUpperCase()
    .match(/../g)!
    .join(':');
}

export function useCertificate(bundle: CertBundle, slot = 'default'): void {
  processCerts.set(slot, bundle);
}
