import { z } from 'zod';

/** Form schemas; messages are i18n keys rendered by FormTextField. */
export const emailField = z.string().trim().min(1, 'validation.required').email('validation.email');

export const newPasswordField = z.string().min(10, 'validation.passwordMin').max(200);

export const loginSchema = z.object({
  email: emailField,
  password: z.string().min(1, 'validation.required'),
});
export type LoginForm = z.infer<typeof loginSchema>;

export const totpSchema = z.object({
  totpCode: z.string().trim().min(6, 'validation.totpCode').max(32, 'validation.totpCode'),
});
export type TotpForm = z.infer<typeof totpSchema>;

export const forgotSchema = z.object({ email: emailField });
export type ForgotForm = z.infer<typeof forgotSchema>;

export const resetSchema = z
  .object({ password: newPasswordField, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'validation.mismatch' });
export type ResetForm = z.infer<typeof resetSchema>;

export const setupSchema = z
  .object({
    name: z.string().trim().min(1, 'validation.required').max(120),
    email: emailField,
    password: newPasswordField,
    confirm: z.string(),
  })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'validation.mismatch' });
export type SetupForm = z.infer<typeof setupSchema>;
