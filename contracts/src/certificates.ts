import { z } from 'zod';

// TLS certificates (System → Certificates): ordered over ACME with HTTP-01 through Nginx, renewed by a
// scheduled job 30 days before they expire.

/** Live event (super_admin only): a certificate order changed state. */
export const SYSTEM_CERTIFICATE_EVENT = 'system.certificate';
export const CERTIFICATE_RENEW_DAYS = 30;

export const ACME_DIRECTORIES = {
  letsencrypt: 'https://acme-v02.api.letsencrypt.org/directory',
  letsencryptStaging: 'https://acme-staging-v02.api.letsencrypt.org/directory',
} as const;

const domainName = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(
    /^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/,
    'must be a fully qualified domain name such as panel.example.com',
  );

const acmeDirectoryUrl = z
  .url({ protocol: /^https$/, message: 'must be an https:// ACME directory URL' })
  .max(500);

export const requestCertificateSchema = z
  .object({
    domains: z
      .array(domainName)
      .min(1, 'at least one domain')
      .max(20)
      .refine((d) => new Set(d).size === d.length, 'each domain once'),
    email: z.email().max(191),
    directoryUrl: acmeDirectoryUrl,
  })
  .strict();
export type RequestCertificateInput = z.infer<typeof requestCertificateSchema>;

export type TlsCertificateStatus = 'pending' | 'issued' | 'failed';

export interface TlsCertificateView {
  id: string;
  domains: string[];
  email: string;
  directoryUrl: string;
  status: TlsCertificateStatus;
  reason: 'request' | 'renewal';
  issuer: string | null;
  serial: string | null;
  notBefore: string | null;
  notAfter: string | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

/** The certificate Nginx serves now (read from TLS_DIR). */
export interface ServedCertificate {
  subject: string;
  issuer: string;
  selfSigned: boolean;
  altNames: string[];
  notBefore: string;
  notAfter: string;
  fingerprint256: string;
  hsts: boolean;
}

export interface CertificatesOverview {
  served: ServedCertificate | null;
  renewsAt: string | null;
  history: TlsCertificateView[];
}

// --- per mapped host (branding's host names) ------------------------------------------------------

/**
 * POST /api/companies/:id/branding/certificates (MSP staff): order a certificate for one of the
 * company's mapped host names. Without email and directory, the platform certificate's are used.
 */
export const orderHostCertificateSchema = z
  .object({
    host: domainName,
    email: z.email().max(191).optional(),
    directoryUrl: acmeDirectoryUrl.optional(),
  })
  .strict();
export type OrderHostCertificateInput = z.infer<typeof orderHostCertificateSchema>;

/** `none`: never ordered; otherwise the state of the host's latest order. */
export type HostCertificateState = 'none' | TlsCertificateStatus;

/** One mapped host name's certificate (GET /api/companies/:id/branding/certificates). */
export interface HostCertificateView {
  host: string;
  status: HostCertificateState;
  /** End of the installed certificate (the latest issued order); null: none installed. */
  notAfter: string | null;
  /** Why the latest order failed (or a warning on an issued one). */
  error: string | null;
  /** The tracked job of the latest order. */
  jobId: string | null;
  orderedAt: string | null;
}
