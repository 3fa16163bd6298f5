import { zodResolver } from '@hookform/resolvers/zod';
import type { IdentityProviderInput, IdentityProviderView } from '@multpanel/contracts/sso';
import type { Role } from '@multpanel/contracts/permissions';
import AddOutlined from '@mui/icons-material/AddOutlined';
import DeleteOutline from '@mui/icons-material/DeleteOutline';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormControlLabel from '@mui/material/FormControlLabel';
import IconButton from '@mui/material/IconButton';
import MenuItem from '@mui/material/MenuItem';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { Controller, useFieldArray, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { ErrorAlert } from '@/components/error-alert';
import { FormTextField } from '@/components/form-text-field';

const DOMAIN = /^([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const splitDomains = (v: string) =>
  v
    .split(/[\s,;]+/)
    .map((d) => d.trim().toLowerCase())
    .filter(Boolean);

const schema = (needsSecret: boolean) =>
  z.object({
    tenantId: z.string().trim().min(1, 'validation.required').max(64),
    clientId: z.string().trim().min(1, 'validation.required').max(191),
    clientSecret: needsSecret
      ? z.string().min(1, 'sso.validation.secretRequired').max(1024)
      : z.string().max(1024),
    allowedDomains: z
      .string()
      .refine(
        (v) => splitDomains(v).length > 0 && splitDomains(v).every((d) => DOMAIN.test(d)),
        'sso.validation.domains',
      ),
    groups: z.array(
      z.object({
        groupId: z.string().trim().min(1, 'validation.required').max(128),
        role: z.string(),
      }),
    ),
    defaultRole: z.string(),
    jitProvisioning: z.boolean(),
    enabled: z.boolean(),
    issuerOverride: z
      .string()
      .trim()
      .refine((v) => v === '' || z.url().safeParse(v).success, 'sso.validation.url'),
  });
type Values = z.infer<ReturnType<typeof schema>>;

const NO_ROLE = '';

const toValues = (p: IdentityProviderView | null, roles: readonly Role[]): Values => ({
  tenantId: p?.tenantId ?? '',
  clientId: p?.clientId ?? '',
  clientSecret: '',
  allowedDomains: p?.allowedDomains.join(', ') ?? '',
  groups: Object.entries(p?.groupRoleMap ?? {}).map(([groupId, role]) => ({ groupId, role })),
  defaultRole: p ? (p.defaultRole ?? NO_ROLE) : roles[roles.length - 1],
  jitProvisioning: p?.jitProvisioning ?? false,
  enabled: p?.enabled ?? true,
  issuerOverride: p?.issuerOverride ?? '',
});

const toInput = (v: Values, canSetIssuer: boolean): IdentityProviderInput => ({
  tenantId: v.tenantId,
  clientId: v.clientId,
  ...(v.clientSecret ? { clientSecret: v.clientSecret } : {}),
  allowedDomains: splitDomains(v.allowedDomains),
  groupRoleMap: Object.fromEntries(v.groups.map((g) => [g.groupId, g.role as Role])),
  defaultRole: v.defaultRole === NO_ROLE ? null : (v.defaultRole as Role),
  jitProvisioning: v.jitProvisioning,
  enabled: v.enabled,
  // Omitted keeps the stored issuer: only platform administrators may change it.
  ...(canSetIssuer ? { issuerOverride: v.issuerOverride || null } : {}),
});

/** Entra ID settings: tenant, app registration, domains, group → role rows, JIT and enabled. */
export function IdentityProviderForm({
  provider,
  roles,
  defaultIssuer,
  canSetIssuer,
  pending,
  error,
  onSubmit,
}: {
  provider: IdentityProviderView | null;
  /** Roles this provider may grant (company roles, or staff roles for the platform provider). */
  roles: readonly Role[];
  defaultIssuer: (tenantId: string) => string;
  /** The server fetches from the issuer URL, so only platform administrators may set it. */
  canSetIssuer: boolean;
  pending: boolean;
  error: unknown;
  onSubmit: (input: IdentityProviderInput) => void;
}) {
  const { t } = useTranslation();
  const form = useForm<Values>({
    resolver: zodResolver(schema(!provider?.hasClientSecret)),
    defaultValues: toValues(provider, roles),
  });
  const groups = useFieldArray({ control: form.control, name: 'groups' });
  const tenantId = form.watch('tenantId');

  const roleOptions = roles.map((r) => (
    <MenuItem key={r} value={r}>
      {t(`roles.${r}`)}
    </MenuItem>
  ));

  return (
    <Box
      component="form"
      noValidate
      aria-label={t('sso.title')}
      onSubmit={form.handleSubmit((v) => onSubmit(toInput(v, canSetIssuer)))}
      sx={{ display: 'grid', gap: 2 }}
    >
      <ErrorAlert error={error} />
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { sm: '1fr 1fr' } }}>
        <FormTextField
          control={form.control}
          name="tenantId"
          label={t('sso.fields.tenantId')}
          required
        />
        <FormTextField
          control={form.control}
          name="clientId"
          label={t('sso.fields.clientId')}
          required
        />
      </Box>
      <FormTextField
        control={form.control}
        name="clientSecret"
        type="password"
        autoComplete="new-password"
        label={t('sso.fields.clientSecret')}
        required={!provider?.hasClientSecret}
        helperText={provider?.hasClientSecret ? t('sso.fields.clientSecretKeep') : undefined}
      />
      <FormTextField
        control={form.control}
        name="allowedDomains"
        label={t('sso.fields.allowedDomains')}
        helperText={t('sso.fields.allowedDomainsHint')}
        required
      />
      <Typography variant="subtitle1" component="h3">
        {t('sso.fields.groupRoleMap')}
      </Typography>
      {groups.fields.map((row, i) => (
        <Box key={row.id} sx={{ display: 'flex', gap: 1, alignItems: 'flex-start' }}>
          <FormTextField
            control={form.control}
            name={`groups.${i}.groupId`}
            label={t('sso.fields.groupId')}
            sx={{ flex: 2 }}
          />
          <FormTextField
            control={form.control}
            name={`groups.${i}.role`}
            select
            label={t('sso.fields.role')}
            sx={{ flex: 1, minWidth: 160 }}
          >
            {roleOptions}
          </FormTextField>
          <IconButton aria-label={t('sso.removeGroup')} onClick={() => groups.remove(i)}>
            <DeleteOutline />
          </IconButton>
        </Box>
      ))}
      <Box>
        <Button
          startIcon={<AddOutlined />}
          onClick={() => groups.append({ groupId: '', role: roles[roles.length - 1] })}
        >
          {t('sso.addGroup')}
        </Button>
      </Box>
      <FormTextField
        control={form.control}
        name="defaultRole"
        select
        label={t('sso.fields.defaultRole')}
      >
        <MenuItem value={NO_ROLE}>{t('sso.noRole')}</MenuItem>
        {roleOptions}
      </FormTextField>
      {canSetIssuer && (
        <FormTextField
          control={form.control}
          name="issuerOverride"
          label={t('sso.fields.issuerOverride')}
          helperText={t('sso.fields.issuerOverrideHint', {
            issuer: tenantId
              ? defaultIssuer(tenantId)
              : defaultIssuer('TENANT').replace('TENANT', '<tenant>'),
          })}
        />
      )}
      {(['jitProvisioning', 'enabled'] as const).map((name) => (
        <Controller
          key={name}
          control={form.control}
          name={name}
          render={({ field }) => (
            <FormControlLabel
              control={
                <Switch checked={field.value} onChange={(e) => field.onChange(e.target.checked)} />
              }
              label={t(`sso.fields.${name}`)}
            />
          )}
        />
      ))}
      {provider && (
        <TextField
          label={t('sso.fields.redirectUri')}
          value={provider.redirectUri}
          slotProps={{ input: { readOnly: true } }}
        />
      )}
      <Box>
        <Button type="submit" variant="contained" disabled={pending}>
          {t('common.save')}
        </Button>
      </Box>
    </Box>
  );
}
