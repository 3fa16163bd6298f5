import { zodResolver } from '@hookform/resolvers/zod';
import { grantableRolesFor, ROLES, type Role } from '@multpanel/contracts';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormControlLabel from '@mui/material/FormControlLabel';
import MenuItem from '@mui/material/MenuItem';
import Switch from '@mui/material/Switch';
import { Controller, useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { ErrorAlert } from '@/components/error-alert';
import { FormTextField } from '@/components/form-text-field';
import { useSession } from '@/lib/session-store';
import { useCompanyOptions } from '@/lib/queries/companies';
import type { User, UserInput } from '../api/types';

const STAFF_ROLES: readonly Role[] = ['super_admin', 'salesperson'];
export const isStaffRole = (role: string) => (STAFF_ROLES as readonly string[]).includes(role);

const userFormSchema = z
  .object({
    email: z.string().trim().min(1, 'validation.required').email('validation.email'),
    name: z.string().trim().min(1, 'validation.required').max(191),
    role: z.enum(ROLES),
    companyId: z.string(),
    invite: z.boolean(),
    password: z.string(),
  })
  .refine((v) => isStaffRole(v.role) || v.companyId !== '', {
    path: ['companyId'],
    message: 'validation.required',
  })
  .refine((v) => v.invite || v.password.length >= 10, {
    path: ['password'],
    message: 'validation.passwordMin',
  });
type UserFormValues = z.infer<typeof userFormSchema>;

export interface UserFormResult {
  input: UserInput;
  invite: boolean;
}

/** Create (invite or set a password) and edit; roles offered are only those the actor may grant. */
export function UserForm({
  user,
  submitLabel,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  user?: User;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (result: UserFormResult) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const session = useSession();
  const actor = session.status === 'authenticated' ? session.user : null;
  const actorIsStaff = !!actor && isStaffRole(actor.role);
  // From the permissions held (a custom role narrows them), as the API decides.
  const roles = session.status === 'authenticated' ? grantableRolesFor(session.permissions) : [];
  const companies = useCompanyOptions(actorIsStaff);
  const editing = !!user;

  const form = useForm<UserFormValues>({
    resolver: zodResolver(userFormSchema),
    defaultValues: {
      email: user?.email ?? '',
      name: user?.name ?? '',
      role: user?.role ?? (roles.includes('user') ? 'user' : (roles[0] ?? 'user')),
      companyId: user?.companyId ?? (actorIsStaff ? '' : (actor?.companyId ?? '')),
      invite: !editing,
      password: '',
    },
  });
  const role = useWatch({ control: form.control, name: 'role' });
  const invite = useWatch({ control: form.control, name: 'invite' });

  const submit = form.handleSubmit((v) =>
    onSubmit({
      invite: v.invite,
      input: {
        email: v.email,
        name: v.name,
        role: v.role,
        companyId: isStaffRole(v.role) ? null : v.companyId,
        ...(v.invite || editing ? {} : { password: v.password }),
      },
    }),
  );

  return (
    <Box
      component="form"
      noValidate
      onSubmit={submit}
      sx={{ display: 'grid', gap: 2, maxWidth: 640 }}
    >
      <ErrorAlert error={error} />
      <FormTextField
        control={form.control}
        name="email"
        type="email"
        label={t('users.fields.email')}
        disabled={editing}
        required
      />
      <FormTextField control={form.control} name="name" label={t('users.fields.name')} required />
      <FormTextField control={form.control} name="role" select label={t('users.fields.role')}>
        {/* Keep the current role listed even if the actor could not grant it, so the form shows the truth. */}
        {Array.from(new Set([...(user ? [user.role] : []), ...roles])).map((r) => (
          <MenuItem key={r} value={r} disabled={!roles.includes(r)}>
            {t(`roles.${r}`)}
          </MenuItem>
        ))}
      </FormTextField>
      {actorIsStaff && !isStaffRole(role) && !editing && (
        <FormTextField
          control={form.control}
          name="companyId"
          select
          label={t('users.fields.company')}
        >
          {(companies.data ?? []).map((c) => (
            <MenuItem key={c.id} value={c.id}>
              {c.name}
            </MenuItem>
          ))}
        </FormTextField>
      )}
      {!editing && (
        <>
          <Controller
            control={form.control}
            name="invite"
            render={({ field }) => (
              <FormControlLabel
                control={
                  <Switch
                    checked={field.value}
                    onChange={(e) => field.onChange(e.target.checked)}
                  />
                }
                label={t('users.inviteByEmail')}
              />
            )}
          />
          {!invite && (
            <FormTextField
              control={form.control}
              name="password"
              type="password"
              label={t('users.fields.initialPassword')}
              autoComplete="new-password"
            />
          )}
        </>
      )}
      <Box sx={{ display: 'flex', gap: 1, justifyContent: 'flex-end' }}>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
        <Button type="submit" variant="contained" disabled={pending}>
          {submitLabel}
        </Button>
      </Box>
    </Box>
  );
}
