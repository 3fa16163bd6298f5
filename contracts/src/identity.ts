import { z } from 'zod';
import { ALL_PERMISSIONS, ROLES, type Permission, type Role } from './permissions';
import { passwordSchema } from './auth';

// Companies, users, activity log, API keys, 2FA and profile: inputs (strict zod) and answers.

const email = z
  .email()
  .max(191)
  .transform((v) => v.toLowerCase());
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();
const quota = z.number().int().min(0).max(1_000_000_000).nullable().optional();
const page = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(25),
};

export const COMPANY_STATUSES = ['active', 'suspended'] as const;
export type CompanyStatus = (typeof COMPANY_STATUSES)[number];

const companyFields = {
  name: z.string().trim().min(1).max(191),
  slug: z
    .string()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, 'lowercase letters, digits and dashes')
    .optional(),
  contactName: optionalText(191),
  contactEmail: z.email().max(191).nullable().optional(),
  contactPhone: optionalText(64),
  address: optionalText(2000),
  notes: optionalText(5000),
  maxGuests: quota,
  maxVcpus: quota,
  maxMemoryMb: quota,
  maxDiskGb: quota,
  require2fa: z.boolean().optional(),
  /** Its company_admins may add dedicated clusters (up to MAX_OWNED_CLUSTERS). */
  mayOwnClusters: z.boolean().optional(),
};
export const createCompanySchema = z.object(companyFields).strict();
export type CreateCompanyInput = z.infer<typeof createCompanySchema>;
export const updateCompanySchema = z.object(companyFields).partial().strict();
export type UpdateCompanyInput = z.infer<typeof updateCompanySchema>;

export const companyListQuerySchema = z
  .object({
    ...page,
    search: z.string().trim().max(191).optional(),
    status: z.enum(COMPANY_STATUSES).optional(),
  })
  .strict();
export type CompanyListQuery = z.infer<typeof companyListQuerySchema>;

export const salespeopleSchema = z.object({ userIds: z.array(z.uuid()).max(200) }).strict();
export type SalespeopleInput = z.infer<typeof salespeopleSchema>;

export interface CompanyView {
  id: string;
  name: string;
  slug: string;
  status: CompanyStatus;
  contactName: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  address: string | null;
  notes: string | null;
  maxGuests: number | null;
  maxVcpus: number | null;
  maxMemoryMb: number | null;
  maxDiskGb: number | null;
  require2fa: boolean;
  requirePhishingResistantMfa: boolean;
  mayOwnClusters: boolean;
  suspendedAt: string | null;
  salespersonIds: string[];
  userCount: number;
  /** Guests and resources in use (live, non-template guests); in the list only. */
  usage?: { guests: number; vcpus: number; memoryMb: number; diskGb: number };
  createdAt: string;
  updatedAt: string;
}

export const USER_STATUSES = ['active', 'invited', 'disabled'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export const createUserSchema = z
  .object({
    email,
    name: z.string().trim().min(1).max(191),
    role: z.enum(ROLES),
    companyId: z.uuid().nullable(),
    password: passwordSchema.optional(),
  })
  .strict();
export type CreateUserInput = z.infer<typeof createUserSchema>;
export const inviteUserSchema = createUserSchema.omit({ password: true }).strict();
export type InviteUserInput = z.infer<typeof inviteUserSchema>;
export const updateUserSchema = z
  .object({ name: z.string().trim().min(1).max(191), role: z.enum(ROLES), email })
  .partial()
  .strict();
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

export const userListQuerySchema = z
  .object({
    ...page,
    search: z.string().trim().max(191).optional(),
    role: z.enum(ROLES).optional(),
    status: z.enum(USER_STATUSES).optional(),
    companyId: z.uuid().optional(),
  })
  .strict();
export type UserListQuery = z.infer<typeof userListQuerySchema>;

export interface UserView {
  id: string;
  email: string;
  name: string;
  role: Role;
  status: UserStatus;
  companyId: string | null;
  companyName: string | null;
  totpEnabled: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}

export const activityListQuerySchema = z
  .object({
    ...page,
    search: z.string().trim().max(191).optional(),
    action: z.string().trim().max(64).optional(),
    result: z.enum(['success', 'failure']).optional(),
    companyId: z.uuid().optional(),
    actorId: z.uuid().optional(),
    from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
    to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  })
  .strict();
export type ActivityListQuery = z.infer<typeof activityListQuerySchema>;
export const activityExportQuerySchema = activityListQuerySchema
  .omit({ page: true, pageSize: true })
  .strict();
export type ActivityExportQuery = z.infer<typeof activityExportQuerySchema>;

export interface ActivityView {
  id: string;
  createdAt: string;
  action: string;
  result: 'success' | 'failure';
  actorId: string | null;
  actorEmail: string | null;
  /** The acting user's display name (null for the system or a deleted user). */
  actorName: string | null;
  actorType: string;
  companyId: string | null;
  companyName: string | null;
  resourceType: string | null;
  resourceId: string | null;
  /** The resource's current name (guest, cluster, company, user, template), if it still exists. */
  resourceName: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  details: unknown;
}

export const createApiKeySchema = z
  .object({
    name: z.string().trim().min(1).max(191),
    permissions: z
      .array(z.enum(ALL_PERMISSIONS as [Permission, ...Permission[]]))
      .min(1)
      .max(ALL_PERMISSIONS.length),
    expiresAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();
export type CreateApiKeyInput = z.infer<typeof createApiKeySchema>;

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  permissions: Permission[];
  expiresAt: string | null;
  lastUsedAt: string | null;
  lastUsedIp: string | null;
  revokedAt: string | null;
  createdAt: string;
}
export type CreatedApiKeyView = ApiKeyView & { key: string };

export const totpCodeSchema = z.object({ code: z.string().regex(/^\d{6}$/, '6 digits') }).strict();
export type TotpCodeInput = z.infer<typeof totpCodeSchema>;
/** POST /api/auth/totp/setup: a pending secret, active after /totp/enable. */
export interface TotpSetupResponse {
  secret: string;
  otpauthUrl: string;
}
/** POST /api/auth/totp/enable: one-time recovery codes, shown once. */
export interface TotpEnableResponse {
  recoveryCodes: string[];
}

export const changePasswordSchema = z
  .object({ currentPassword: z.string().min(1).max(200), newPassword: passwordSchema })
  .strict();
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;

export const forgotPasswordSchema = z.object({ email }).strict();
export const resetPasswordSchema = z
  .object({ token: z.string().min(20).max(200), password: passwordSchema })
  .strict();
export type ResetPasswordInput = z.infer<typeof resetPasswordSchema>;

export interface SessionView {
  id: string;
  ip: string | null;
  userAgent: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  current: boolean;
}
