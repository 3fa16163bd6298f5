import { zodResolver } from '@hookform/resolvers/zod';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Typography from '@mui/material/Typography';
import { useEffect } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import {
  CIDR_ERROR_MESSAGES,
  defaultWindow,
  formatIp,
  parseCidr,
  parseIp,
  type CreateIpRangeInput,
} from '@multpanel/contracts';
import { ErrorAlert } from '@/components/error-alert';
import { FormTextField } from '@/components/form-text-field';
import { useCompanyOptions } from '@/lib/queries/companies';
import { useClusterOptions } from '../api/list-cluster-options';
import { useSdnVnets } from '../api/list-sdn-vnets';

const SHARED = '__shared__';

const optionalIp = z
  .string()
  .trim()
  .refine((v) => v === '' || parseIp(v) !== null, 'ipam.validation.ip');

// Checked as you type (mode onChange); the server checks the same again.
const rangeFormSchema = z
  .object({
    name: z.string().trim().min(1, 'validation.required').max(100),
    cidr: z
      .string()
      .trim()
      .superRefine((v, ctx) => {
        const c = parseCidr(v);
        if (typeof c === 'string')
          ctx.addIssue({ code: 'custom', message: CIDR_ERROR_MESSAGES[c] });
      }),
    owner: z.string(),
    /** '' = every cluster */
    cluster: z.string(),
    /** '' = not bound to an SDN VNet */
    vnet: z.string(),
    vlan: z
      .string()
      .trim()
      .refine(
        (v) => v === '' || (/^\d+$/.test(v) && +v >= 1 && +v <= 4094),
        'ipam.validation.vlan',
      ),
    gateway: optionalIp,
    dnsServers: z
      .string()
      .trim()
      .refine(
        (v) => v === '' || v.split(/[\s,]+/).every((s) => parseIp(s) !== null),
        'ipam.validation.dns',
      ),
    searchDomain: z.string().trim().max(253),
    holdSeconds: z
      .string()
      .trim()
      .refine((v) => v === '' || /^\d+$/.test(v), 'validation.wholeNumber'),
  })
  .superRefine((v, ctx) => {
    const c = parseCidr(v.cidr);
    const gw = parseIp(v.gateway);
    if (
      typeof c !== 'string' &&
      gw &&
      (gw.family !== c.family || gw.value < c.network || gw.value > c.last)
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['gateway'],
        message: 'ipam.validation.gatewayOutside',
      });
    }
  });
type RangeFormValues = z.infer<typeof rangeFormSchema>;

const toInput = (v: RangeFormValues): CreateIpRangeInput => ({
  name: v.name,
  cidr: v.cidr,
  companyId: v.owner === SHARED ? null : v.owner,
  vlan: v.vlan && !v.vnet ? Number(v.vlan) : null,
  ...(v.cluster ? { clusterIds: [v.cluster] } : {}),
  ...(v.cluster && v.vnet ? { sdn: { vnet: v.vnet } } : {}),
  gateway: v.gateway || null,
  dnsServers: v.dnsServers ? v.dnsServers.split(/[\s,]+/).filter(Boolean) : [],
  searchDomain: v.searchDomain || null,
  ...(v.holdSeconds ? { holdSeconds: Number(v.holdSeconds) } : {}),
});

/** What the CIDR gives: the usable window and its size, shown while typing. */
function WindowHint({ cidr }: { cidr: string }) {
  const { t } = useTranslation();
  const c = parseCidr(cidr);
  if (typeof c === 'string') return null;
  const w = defaultWindow(c);
  return (
    <Typography variant="body2" color="text.secondary" data-testid="window-hint">
      {t('ipam.windowHint', {
        first: formatIp(c.family, w.first),
        last: formatIp(c.family, w.last),
        count: Number(w.last - w.first + 1n),
      })}
    </Typography>
  );
}

export function RangeForm({
  pending,
  error,
  onSubmit,
  onCancel,
  allowShared,
}: {
  pending: boolean;
  error: unknown;
  onSubmit: (input: CreateIpRangeInput) => void;
  onCancel: () => void;
  /** The MSP's operators may create shared-pool ranges. */
  allowShared: boolean;
}) {
  const { t } = useTranslation();
  const companies = useCompanyOptions();
  const form = useForm<RangeFormValues>({
    resolver: zodResolver(rangeFormSchema),
    mode: 'onChange',
    defaultValues: {
      name: '',
      cidr: '',
      owner: allowShared ? SHARED : '',
      cluster: '',
      vnet: '',
      vlan: '',
      gateway: '',
      dnsServers: '',
      searchDomain: '',
      holdSeconds: '',
    },
  });
  const cidr = useWatch({ control: form.control, name: 'cidr' });
  const cluster = useWatch({ control: form.control, name: 'cluster' });
  const vnet = useWatch({ control: form.control, name: 'vnet' });
  const clusters = useClusterOptions(true);
  // Offered only when the chosen cluster uses SDN (has VNets).
  const vnets = useSdnVnets(cluster);
  // Another cluster's VNet is not this one's.
  useEffect(() => form.setValue('vnet', ''), [cluster, form]);

  return (
    <Box
      component="form"
      noValidate
      onSubmit={form.handleSubmit((v) => onSubmit(toInput(v)))}
      sx={{ display: 'grid', gap: 2, maxWidth: 640 }}
    >
      <ErrorAlert error={error} />
      <FormTextField control={form.control} name="name" label={t('ipam.fields.name')} required />
      <FormTextField
        control={form.control}
        name="cidr"
        label={t('ipam.fields.cidr')}
        placeholder="10.0.0.0/24"
        required
      />
      <WindowHint cidr={cidr} />
      <FormTextField control={form.control} name="owner" label={t('ipam.fields.owner')} select>
        {allowShared && <MenuItem value={SHARED}>{t('ipam.shared')}</MenuItem>}
        {(companies.data ?? []).map((c) => (
          <MenuItem key={c.id} value={c.id}>
            {c.name}
          </MenuItem>
        ))}
      </FormTextField>
      <FormTextField control={form.control} name="cluster" label={t('ipam.fields.cluster')} select>
        <MenuItem value="">{t('ipam.everyCluster')}</MenuItem>
        {(clusters.data ?? []).map((c) => (
          <MenuItem key={c.id} value={c.id}>
            {c.name}
          </MenuItem>
        ))}
      </FormTextField>
      {cluster && (vnets.data ?? []).length > 0 && (
        <FormTextField
          control={form.control}
          name="vnet"
          label={t('ipam.fields.sdnVnet')}
          helperText={t('ipam.sdnHint')}
          select
        >
          <MenuItem value="">{t('ipam.noSdn')}</MenuItem>
          {(vnets.data ?? []).map((v) => (
            <MenuItem key={v.vnet} value={v.vnet}>
              {v.alias ? `${v.vnet} (${v.alias}, ${v.zone})` : `${v.vnet} (${v.zone})`}
            </MenuItem>
          ))}
        </FormTextField>
      )}
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { sm: '1fr 1fr' } }}>
        <FormTextField
          control={form.control}
          name="vlan"
          label={t('ipam.fields.vlan')}
          disabled={!!vnet}
          helperText={vnet ? t('ipam.vlanFromVnet') : undefined}
        />
        <FormTextField control={form.control} name="gateway" label={t('ipam.fields.gateway')} />
      </Box>
      <FormTextField
        control={form.control}
        name="dnsServers"
        label={t('ipam.fields.dnsServers')}
        helperText={t('ipam.dnsHint')}
      />
      <FormTextField
        control={form.control}
        name="searchDomain"
        label={t('ipam.fields.searchDomain')}
      />
      <FormTextField
        control={form.control}
        name="holdSeconds"
        label={t('ipam.fields.holdSeconds')}
        helperText={t('ipam.holdHint')}
      />
      <Box sx={{ display: 'flex', gap: 1, justifyContent: 'flex-end' }}>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
        <Button type="submit" variant="contained" disabled={pending}>
          {t('common.create')}
        </Button>
      </Box>
    </Box>
  );
}
