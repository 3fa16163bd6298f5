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
  | { status: 'totp_required' };

export interface MeResponse {
  user: AuthUser & { totpEnabled?: boolean };
  permissions: Permission[];
}

export const REFRESH_COOKIE = 'mp_refresh';
