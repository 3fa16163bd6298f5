import type { HostCertificateView, TlsCertificateView } from '@multpanel/contracts';
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

/** A mapped host's state: its latest order, and the end of the newest issued one (installed). */
export function toHostCertificateView(
  host: string,
  newestFirst: TlsCertificate[],
): HostCertificateView {
  const [latest] = newestFirst;
  const installed = newestFirst.find((c) => c.status === 'issued');
  return {
    host,
    status: latest?.status ?? 'none',
    notAfter: iso(installed?.notAfter ?? null),
    error: latest?.error ?? null,
    jobId: latest?.jobId ?? null,
    orderedAt: latest ? latest.createdAt.toISOString() : null,
  };
}
