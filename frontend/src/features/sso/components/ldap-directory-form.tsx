import { zodResolver } from '@hookform/resolvers/zod';
import type { LdapDirectoryInput, LdapDirectoryView } from '@multpanel/contracts/ldap';
import type { Role } from '@multpanel/contracts/permissions';
import AddOutlined from '@mui/icons-material/AddOutlined';
import DeleteOutline from '@mui/icons-material/DeleteOutline';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormControlLabel from '@mui/material/FormControlLabel';
import IconButton from '@mui/material/IconButton';
import MenuItem from '@mui/material/MenuItem';
import Switch from '@mui/material/Switch';
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
const dn = z
  .string()
  .trim()
  .min(1, 'validation.required')
  .max(500)
  .regex(/=/, 'ldap.validation.dn');

const schema = (needsPassword: boolean) =>
  z.object({
    url: z
      .string()
      .trim()
      .regex(/^ldaps?:\/\/[^\s/?#]+\/?$/i, 'ldap.validation.url'),
    startTls: z.boolean(),
    caPem: z
      .string()
      .trim()
      .refine((v) => v === '' || v.includes('-----BEGIN CERTIFICATE-----'), 'ldap.validation.pem'),
    bindDn: dn,
    bindPassword: needsPassword
      ? z.string().min(1, 'ldap.validation.passwordRequired').max(1024)
      : z.string().max(1024),
    searchBase: dn,
    userFilter: z
      .string()
      .trim()
      .refine((v) => /^\(.*\)$/.test(v) && v.includes('{{email}}'), 'ldap.validation.filter'),
    allowedDomains: z
      .string()
      .refine(
        (v) => splitDomains(v).length > 0 && splitDomains(v).every((d) => DOMAIN.test(d)),
        'sso.validation.domains',
      ),
    mappings: z.array(z.object({ groupDn: dn, role: z.string(), customRoleId: z.string() })),
    jitProvisioning: z.boolean(),
    enabled: z.boolean(),
  });
type Values = z.infer<ReturnType<typeof schema>>;

const BUILT_IN = '';

const toValues = (d: LdapDirectoryView | null): Values => ({
  url: d?.url ?? '',
  startTls: d?.startTls ?? false,
  caPem: d?.caPem ?? '',
  bindDn: d?.bindDn ?? '',
  bindPassword: '',
  searchBase: d?.searchBase ?? '',
  userFilter: d?.userFilter ?? '(&(objectClass=person)(mail={{email}}))',
  allowedDomains: d?.allowedDomains.join(', ') ?? '',
  mappings: (d?.groupMappings ?? []).map((m) => ({
    groupDn: m.groupDn,
    role: m.role,
    customRoleId: m.customRoleId ?? BUILT_IN,
  })),
  jitProvisioning: d?.jitProvisioning ?? false,
  enabled: d?.enabled ?? true,
});

const toInput = (v: Values): LdapDirectoryInput => ({
  url: v.url,
  startTls: v.startTls,
  caPem: v.caPem || null,
  bindDn: v.bindDn,
  ...(v.bindPassword ? { bindPassword: v.bindPassword } : {}),
  searchBase: v.searchBase,
  userFilter: v.userFilter,
  allowedDomains: splitDomains(v.allowedDomains),
  groupMappings: v.mappings.map((m) => ({
    groupDn: m.groupDn,
    role: m.role as Role,
    customRoleId: m.customRoleId === BUILT_IN ? null : m.customRoleId,
  })),
  jitProvisioning: v.jitProvisioning,
  enabled: v.enabled,
});

/** LDAP / AD settings: server and TLS, service account, search, domains, group → role rows. */
export function LdapDirectoryForm({
  directory,
  roles,
  customRoles,
  pending,
  error,
  onSubmit,
}: {
  directory: LdapDirectoryView | null;
  /** Built-in roles this directory may grant (company roles, or staff roles for the platform's). */
  roles: readonly Role[];
  /** Custom roles a mapping may narrow its built-in role to. */
  customRoles: { id: string; name: string }[];
  pending: boolean;
  error: unknown;
  onSubmit: (input: LdapDirectoryInput) => void;
}) {
  const { t } = useTranslation();
  const form = useForm<Values>({
    resolver: zodResolver(schema(!directory?.hasBindPassword)),
    defaultValues: toValues(directory),
  });
  const mappings = useFieldArray({ control: form.control, name: 'mappings' });
  const text = (name: keyof Values, extra: Record<string, unknown> = {}) => (
    <FormTextField control={form.control} name={name} label={t(`ldap.fields.${name}`)} {...extra} />
  );

  return (
    <Box
      component="form"
      noValidate
      aria-label={t('ldap.formLabel')}
      onSubmit={form.handleSubmit((v) => onSubmit(toInput(v)))}
      sx={{ display: 'grid', gap: 2 }}
    >
      <ErrorAlert error={error} />
      {text('url', { required: true, helperText: t('ldap.fields.urlHint') })}
      {text('caPem', { multiline: true, minRows: 2, helperText: t('ldap.fields.caPemHint') })}
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { sm: '1fr 1fr' } }}>
        {text('bindDn', { required: true })}
        {text('bindPassword', {
          type: 'password',
          autoComplete: 'new-password',
          required: !directory?.hasBindPassword,
          helperText: directory?.hasBindPassword ? t('ldap.fields.bindPasswordKeep') : undefined,
        })}
      </Box>
      {text('searchBase', { required: true })}
      {text('userFilter', {
        required: true,
        helperText: t('ldap.fields.userFilterHint', { placeholder: '{{email}}' }),
      })}
      {text('allowedDomains', { required: true, helperText: t('sso.fields.allowedDomainsHint') })}
      <Typography variant="subtitle1" component="h3">
        {t('ldap.fields.mappings')}
      </Typography>
      {mappings.fields.map((row, i) => (
        <Box key={row.id} sx={{ display: 'flex', gap: 1, alignItems: 'flex-start' }}>
          <FormTextField
            control={form.control}
            name={`mappings.${i}.groupDn`}
            label={t('ldap.fields.groupDn')}
            sx={{ flex: 3 }}
          />
          <FormTextField
            control={form.control}
            name={`mappings.${i}.role`}
            select
            label={t('sso.fields.role')}
            sx={{ flex: 1, minWidth: 150 }}
          >
            {roles.map((r) => (
              <MenuItem key={r} value={r}>
                {t(`roles.${r}`)}
              </MenuItem>
            ))}
          </FormTextField>
          <FormTextField
            control={form.control}
            name={`mappings.${i}.customRoleId`}
            select
            label={t('ldap.fields.customRole')}
            sx={{ flex: 1, minWidth: 150 }}
          >
            <MenuItem value={BUILT_IN}>{t('ldap.builtIn')}</MenuItem>
            {customRoles.map((r) => (
              <MenuItem key={r.id} value={r.id}>
                {r.name}
              </MenuItem>
            ))}
          </FormTextField>
          <IconButton aria-label={t('sso.removeGroup')} onClick={() => mappings.remove(i)}>
            <DeleteOutline />
          </IconButton>
        </Box>
      ))}
      <Box>
        <Button
          startIcon={<AddOutlined />}
          onClick={() =>
            mappings.append({ groupDn: '', role: roles[roles.length - 1], customRoleId: BUILT_IN })
          }
        >
          {t('sso.addGroup')}
        </Button>
      </Box>
      {(['startTls', 'jitProvisioning', 'enabled'] as const).map((name) => (
        <Controller
          key={name}
          control={form.control}
          name={name}
          render={({ field }) => (
            <FormControlLabel
              control={
                <Switch checked={field.value} onChange={(e) => field.onChange(e.target.checked)} />
              }
              label={t(`ldap.fields.${name}`)}
            />
          )}
        />
      ))}
      <Box>
        <Button type="submit" variant="contained" disabled={pending}>
          {t('common.save')}
        </Button>
      </Box>
    </Box>
  );
}
