import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import {
  deployFirewallSchema,
  FIREWALL_AUTH_METHODS,
  networkEdgeSchema,
  type FirewallAuthMethod,
} from '@multpanel/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router-dom';
import { ErrorAlert } from '@/components/error-alert';
import { JobProgress } from '@/components/jobs/job-progress';
import { PageHeader } from '@/components/page-header';
import type { Job } from '@/lib/jobs/types';
import { useCompanyOptions } from '@/lib/queries/companies';
import { useDeployClusters, useDeployRanges, useStartDeployment } from '../api/deploy-options';

export type DeployMode = 'deploy' | 'network-edge';

interface Form {
  companyId: string;
  clusterId: string;
  node: string;
  /** where the VM comes from: a template to clone, or the installer ISO (no template) */
  source: 'template' | 'installer';
  templateVmid: string;
  installerIso: string;
  diskStorage: string;
  diskGb: string;
  name: string;
  wanBridge: string;
  lanBridge: string;
  /** network edge: the LAN as a VLAN tag on `lanBridge`, or as a Proxmox SDN VNet */
  lanMode: 'vlan' | 'sdn';
  sdnZone: string;
  sdnVnet: string;
  wanRangeId: string;
  lanRangeId: string;
  lanCidr: string;
  isoStorage: string;
  webguiPort: string;
  managementNetworks: string;
  authMethod: FirewallAuthMethod;
}

const EMPTY: Form = {
  companyId: '',
  clusterId: '',
  node: '',
  source: 'template',
  templateVmid: '',
  installerIso: '',
  diskStorage: 'local-lvm',
  diskGb: '20',
  name: '',
  wanBridge: 'vmbr0',
  lanBridge: 'vmbr1',
  lanMode: 'vlan',
  sdnZone: '',
  sdnVnet: '',
  wanRangeId: '',
  lanRangeId: '',
  lanCidr: '',
  isoStorage: 'local',
  webguiPort: '443',
  managementNetworks: '',
  authMethod: 'api_key',
};

/** The body the API takes, parsed with the contract's own schema (errors by field). */
export function deployBody(mode: DeployMode, f: Form) {
  const common = {
    companyId: f.companyId,
    clusterId: f.clusterId,
    node: f.node.trim(),
    ...(f.source === 'template'
      ? { templateVmid: f.templateVmid === '' ? NaN : Number(f.templateVmid) }
      : {
          installer: {
            iso: f.installerIso.trim(),
            diskStorage: f.diskStorage.trim(),
            diskGb: f.diskGb === '' ? NaN : Number(f.diskGb),
          },
        }),
    name: f.name.trim(),
    wanBridge: f.wanBridge.trim(),
    wanRangeId: f.wanRangeId,
    isoStorage: f.isoStorage.trim(),
    webguiPort: f.webguiPort === '' ? NaN : Number(f.webguiPort),
    managementNetworks: f.managementNetworks
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean),
    authMethod: f.authMethod,
  };
  const lan =
    mode === 'network-edge' && f.lanMode === 'sdn'
      ? { sdn: { zone: f.sdnZone.trim(), vnet: f.sdnVnet.trim() } }
      : { lanBridge: f.lanBridge.trim() };
  return mode === 'deploy'
    ? deployFirewallSchema.safeParse({ ...common, ...lan, lanRangeId: f.lanRangeId })
    : networkEdgeSchema.safeParse({ ...common, ...lan, lanCidr: f.lanCidr.trim() });
}

/** The deploy job's result names the firewall it registered. */
const firewallIdOf = (job: Job): string | null => {
  const r = job.result as { firewallId?: unknown } | null;
  return r && typeof r.firewallId === 'string' ? r.firewallId : null;
};

/**
 * Zero-touch deployment of a company's OPNsense firewall (mode `deploy`, on an existing LAN range)
 * or the one-click network edge (mode `network-edge`: next VLAN, a new LAN range, the firewall on it).
 * Posts the job, then follows its progress.
 */
export function FirewallDeployWizard({ mode }: { mode: DeployMode }) {
  const { t } = useTranslation();
  const [form, setForm] = useState<Form>(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [finished, setFinished] = useState<Job | null>(null);
  const companies = useCompanyOptions();
  const clusters = useDeployClusters();
  const ranges = useDeployRanges(form.companyId, form.clusterId);
  const shared = (ranges.data ?? []).filter((r) => r.companyId === null);
  const own = (ranges.data ?? []).filter((r) => r.companyId === form.companyId);
  const submit = useStartDeployment(mode);
  const set = (k: keyof Form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [k]: e.target.value }));
  const field = (k: keyof Form) => ({
    label: t(`firewalls.deploy.fields.${k}`),
    value: form[k],
    onChange: set(k),
    error: !!errors[k],
    helperText: errors[k] ?? t(`firewalls.deploy.help.${k}`, { defaultValue: '' }),
    fullWidth: true,
    size: 'small' as const,
  });
  const title = t(mode === 'deploy' ? 'firewalls.deploy.title' : 'firewalls.edge.title');

  const onSubmit = (e: React.FormEvent) => {
    e.preventDefault();
    const parsed = deployBody(mode, form);
    if (!parsed.success) {
      const errs: Record<string, string> = {};
      for (const i of parsed.error.issues) {
        const k =
          i.path[0] === 'installer'
            ? i.path[1] === 'iso'
              ? 'installerIso'
              : String(i.path[1] ?? 'installerIso')
            : i.path[0] === 'sdn'
              ? i.path[1] === 'vnet'
                ? 'sdnVnet'
                : 'sdnZone'
              : String(i.path[0] ?? '');
        errs[k] ??= i.message;
      }
      setErrors(errs);
      return;
    }
    setErrors({});
    submit.mutate(parsed.data);
  };

  if (submit.data) {
    const job: Job = submit.data;
    return (
      <>
        <PageHeader title={title} subtitle={form.name} />
        <Card>
          <CardContent sx={{ display: 'grid', gap: 2 }}>
            <JobProgress jobId={job.id} initial={job} onDone={setFinished} showLog />
            {finished?.status === 'succeeded' && (
              <Alert
                severity="success"
                action={
                  firewallIdOf(finished) && (
                    <Button
                      component={RouterLink}
                      to={`/firewalls/${firewallIdOf(finished)}`}
                      color="inherit"
                    >
                      {t('firewalls.deploy.open')}
                    </Button>
                  )
                }
              >
                {t('firewalls.deploy.done', { name: form.name })}
              </Alert>
            )}
            {finished && (
              <Button component={RouterLink} to="/firewalls" sx={{ justifySelf: 'start' }}>
                {t('firewalls.deploy.back')}
              </Button>
            )}
          </CardContent>
        </Card>
      </>
    );
  }

  return (
    <>
      <PageHeader
        title={title}
        subtitle={t(mode === 'deploy' ? 'firewalls.deploy.subtitle' : 'firewalls.edge.subtitle')}
      />
      <Card>
        <CardContent
          component="form"
          noValidate
          onSubmit={onSubmit}
          sx={{ display: 'grid', gap: 2, gridTemplateColumns: { md: '1fr 1fr' } }}
        >
          <TextField select {...field('companyId')}>
            {(companies.data ?? []).map((c) => (
              <MenuItem key={c.id} value={c.id}>
                {c.name}
              </MenuItem>
            ))}
          </TextField>
          <TextField select {...field('clusterId')}>
            {(clusters.data ?? []).map((c) => (
              <MenuItem key={c.id} value={c.id}>
                {c.name}
              </MenuItem>
            ))}
          </TextField>
          <TextField {...field('node')} />
          <TextField select {...field('source')}>
            <MenuItem value="template">{t('firewalls.deploy.source.template')}</MenuItem>
            <MenuItem value="installer">{t('firewalls.deploy.source.installer')}</MenuItem>
          </TextField>
          {form.source === 'template' ? (
            <TextField {...field('templateVmid')} type="number" />
          ) : (
            <>
              <TextField {...field('installerIso')} />
              <TextField {...field('diskStorage')} />
              <TextField {...field('diskGb')} type="number" />
            </>
          )}
          <TextField {...field('name')} />
          <TextField {...field('isoStorage')} />
          <TextField {...field('wanBridge')} />
          {mode === 'network-edge' && (
            <TextField select {...field('lanMode')}>
              <MenuItem value="vlan">{t('firewalls.edge.lanMode.vlan')}</MenuItem>
              <MenuItem value="sdn">{t('firewalls.edge.lanMode.sdn')}</MenuItem>
            </TextField>
          )}
          {mode === 'network-edge' && form.lanMode === 'sdn' ? (
            <>
              <TextField {...field('sdnZone')} />
              <TextField {...field('sdnVnet')} />
            </>
          ) : (
            <TextField {...field('lanBridge')} />
          )}
          <TextField select {...field('wanRangeId')}>
            {shared.map((r) => (
              <MenuItem key={r.id} value={r.id}>
                {r.name} ({r.cidr})
              </MenuItem>
            ))}
          </TextField>
          {mode === 'deploy' ? (
            <TextField select {...field('lanRangeId')}>
              {own.map((r) => (
                <MenuItem key={r.id} value={r.id}>
                  {r.name} ({r.cidr}
                  {r.vlan !== null ? `, VLAN ${r.vlan}` : ''})
                </MenuItem>
              ))}
            </TextField>
          ) : (
            <TextField {...field('lanCidr')} />
          )}
          <TextField {...field('webguiPort')} type="number" />
          <TextField {...field('managementNetworks')} />
          <TextField select {...field('authMethod')}>
            {FIREWALL_AUTH_METHODS.map((m) => (
              <MenuItem key={m} value={m}>
                {t(`firewalls.metrics.method.${m}`)}
              </MenuItem>
            ))}
          </TextField>
          {submit.error && <ErrorAlert error={submit.error} />}
          <Button
            type="submit"
            variant="contained"
            disabled={submit.isPending}
            sx={{ justifySelf: 'start' }}
          >
            {t(mode === 'deploy' ? 'firewalls.deploy.submit' : 'firewalls.edge.submit')}
          </Button>
        </CardContent>
      </Card>
    </>
  );
}
