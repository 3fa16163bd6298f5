import type { TlsCertificateView } from '@multpanel/contracts';
import type { TlsCertificate } from '../../generated/prisma/client';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toCertificateView(c: TlsCertificate): TlsCertificateView {
  return {
    id: c.id,
    domains: Array.isArray(c.domains) ? (c.domains as string[]) : [],
    email: c.email,
    directoryUrl: c.directoryUrl,
    status: c.status,
    reason: c.reason === 'renewal' ? 'renewal' : 'request',
    issuer: c.issuer,
    serial: c.serial,
    notBefore: iso(c.notBefore),
    notAfter: iso(c.notAfter),
    error: c.error,
    createdAt: c.createdAt.toISOString(),
    finishedAt: iso(c.finishedAt),
  };
}
