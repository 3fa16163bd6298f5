import { z } from 'zod';

// Device-code sign-in for the CLI (RFC 8628's flow, on the platform's own routes): the CLI asks for a
// code, the person approves it in the SPA while signed in, the CLI polls and receives an API key
// holding the approver's permissions. Codes expire, are used once, and are rate limited.

/** Letters without vowels or look-alikes, as RFC 8628 §6.1 advises: 20^8 ≈ 2.6·10¹⁰ codes. */
export const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';
/** "XXXX-XXXX" as shown; the API also accepts it lower-case or without the dash. */
export const USER_CODE_PATTERN = /^[BCDFGHJKLMNPQRSTVWXZ]{4}-?[BCDFGHJKLMNPQRSTVWXZ]{4}$/i;

/** "bcdf ghjk" or "BCDFGHJK" → "BCDF-GHJK"; null when it cannot be a user code. */
export function normalizeUserCode(input: string): string | null {
  const compact = input.replace(/[\s-]/g, '').toUpperCase();
  if (!USER_CODE_PATTERN.test(compact)) return null;
  return `${compact.slice(0, 4)}-${compact.slice(4)}`;
}

export const deviceCodeRequestSchema = z
  .object({
    /** Shown on the approval page, e.g. "multpanel CLI on build-01". */
    clientName: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .regex(/^[^\p{Cc}]*$/u, 'no control characters')
      .optional(),
  })
  .strict();
export type DeviceCodeRequest = z.infer<typeof deviceCodeRequestSchema>;

export const deviceTokenSchema = z
  .object({ deviceCode: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'a device code') })
  .strict();
export type DeviceTokenRequest = z.infer<typeof deviceTokenSchema>;

/** POST /auth/device/code */
export interface DeviceCodeResponse {
  /** The CLI's secret: it polls with it. Never shown to the person. */
  deviceCode: string;
  /** What the person confirms in the browser. */
  userCode: string;
  /** The SPA page to open; `verificationUriComplete` carries the code already. */
  verificationUri: string;
  verificationUriComplete: string;
  expiresIn: number;
  /** Seconds between polls; faster polls are answered 429. */
  interval: number;
}

/** POST /auth/device/token: `pending` until approved; once approved, the key (shown once). */
export type DeviceTokenResponse =
  | { status: 'pending' }
  | {
      status: 'approved';
      apiKey: string;
      apiKeyId: string;
      user: { email: string; role: string };
    };

/** GET /auth/device/requests/:userCode: what the approver is asked to confirm. */
export interface DeviceRequestView {
  userCode: string;
  clientName: string | null;
  ip: string | null;
  userAgent: string | null;
  createdAt: string;
  expiresAt: string;
  status: 'pending' | 'approved' | 'denied';
}
