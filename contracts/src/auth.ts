import { z } from 'zod';
import type { Permission, Role } from './permissions';

const email = z
  .email()
  .max(191)
  .transform((v) => v.toLowerCase());
export const passwordSchema = z.string().min(10).max(200);

export const loginSchema = z
  .object({
    email,
    password: z.string().min(1).max(200),
    totpCode: z
      .string()
      .regex(/^[0-9A-Za-z-]{6,20}$/)
      .optional(),
  })
  .strict();
export type LoginInput = z.infer<typeof loginSchema>;

export const setupSchema = z
  .object({ email, password: passwordSchema, name: z.string().trim().min(1).max(191) })
  .strict();
export type SetupInput = z.infer<typeof setupSchema>;
/** GET /api/setup/status: true until the first super_admin exists. */
export interface SetupStatus {
  needsSetup: boolean;
}
/** POST /api/setup: the first super_admin created. */
export interface SetupResult {
  id: string;
  email: string;
}

export interface AuthUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  companyId: string | null;
  companyName: string | null;
}

export type LoginResponse =
  | {
      status: 'ok';
      accessToken: string;
      expiresIn: number;
      user: AuthUser;
      permissions: Permission[];
    }
  | { status: 'totp_required' }
  // The password was right, but this account finishes signing in with a passkey.
  | { status: 'passkey_required' };

export interface MeResponse {
  // totpRequired: company or platform policy; the profile then cannot turn 2FA off.
  user: AuthUser & { totpEnabled?: boolean; totpRequired?: boolean };
  permissions: Permission[];
}

export const REFRESH_COOKIE = 'mp_refresh';

// Required two-factor enrolment: a password login whose account must have 2FA but has none gets
// this step instead of a session; the token is short-lived and single use.
export interface TotpEnrollmentRequired {
  status: 'totp_enrollment_required';
  enrollmentToken: string;
}
export type PasswordLoginResponse = LoginResponse | TotpEnrollmentRequired;

const enrollmentToken = z.string().regex(/^[A-Za-z0-9_-]{20,100}$/);
export const totpEnrollSchema = z.object({ enrollmentToken }).strict();
export type TotpEnrollInput = z.infer<typeof totpEnrollSchema>;
export const totpEnrollConfirmSchema = z
  .object({ enrollmentToken, code: z.string().regex(/^\d{6}$/) })
  .strict();
export type TotpEnrollConfirmInput = z.infer<typeof totpEnrollConfirmSchema>;
export interface TotpEnrollResponse {
  secret: string;
  otpauthUrl: string;
}
export type TotpEnrollConfirmResponse = Extract<LoginResponse, { status: 'ok' }> & {
  recoveryCodes: string[];
};

export const platformSettingsSchema = z.object({ requireStaff2fa: z.boolean() }).strict();
export type PlatformSettings = z.infer<typeof platformSettingsSchema>;

export const companyTwoFactorSchema = z
  .object({
    require2fa: z.boolean(),
    // Passkeys only: once a user has one, password (+ TOTP) sign-ins are refused.
    requirePhishingResistantMfa: z.boolean().optional(),
  })
  .strict();
export type CompanyTwoFactorInput = z.infer<typeof companyTwoFactorSchema>;
