import PublicOutlined from '@mui/icons-material/PublicOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { FIREWALL_ITEM_SCHEMAS, type FirewallDiffEntry } from '@multpanel/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { JobProgress } from '@/components/jobs/job-progress';
import { LoadingScreen } from '@/components/loading-screen';
import { useApplyChange, useChange, useCreateChange, usePublishTargets } from '../api/publish-port';

const PROTOCOLS = ['tcp', 'udp', 'tcp/udp'] as const;
const dnatSchema = FIREWALL_ITEM_SCHEMAS.d_nat;

/** "Publish a port" in a guest page's header (slot `vm.show.actions`, firewall.manage). */
export function PublishPortButton({ guestId }: { guestId: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="outlined" startIcon={<PublicOutlined />} onClick={() => setOpen(true)}>
        {t('firewalls.publish.action')}
      </Button>
      {open && <PublishPortDialog guestId={guestId} onClose={() => setOpen(false)} />}
    </>
  );
}

function DiffLine({ entry }: { entry: FirewallDiffEntry }) {
  const after = entry.after ?? {};
  return (
    <Box component="li" sx={{ fontFamily: 'monospace', fontSize: 13 }}>
      {entry.op} {entry.kind}:{' '}
      {Object.entries(after)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(' ')}
    </Box>
  );
}

/**
 * Creates a port forward (d_nat) on the company's firewall to one of the guest's IPAM addresses:
 * a change set whose diff is shown before it is applied by a tracked job (progress shown; the
 * firewall reverts it if a step is refused or it stops answering after the apply).
 */
export function PublishPortDialog({ guestId, onClose }: { guestId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const targets = usePublishTargets(guestId);
  const [firewallId, setFirewallId] = useState('');
  const [address, setAddress] = useState('');
  const [protocol, setProtocol] = useState<(typeof PROTOCOLS)[number]>('tcp');
  const [port, setPort] = useState('');
  const [localPort, setLocalPort] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const fwId = firewallId || targets.data?.firewalls[0]?.id || '';
  const target = address || targets.data?.addresses[0]?.address || '';
  const create = useCreateChange(fwId);
  const apply = useApplyChange(fwId);
  const [jobEnded, setJobEnded] = useState(false);
  const done = useChange(fwId, create.data?.id ?? null, jobEnded);
  const outcome = done.data && done.data.status !== 'applying' ? done.data : null;
  const change = create.data;

  const preview = () => {
    const item = {
      disabled: '0',
      interface: 'wan',
      protocol,
      'source.network': 'any',
      'destination.network': 'wanip',
      'destination.port': port.trim(),
      target,
      'local-port': (localPort || port).trim(),
      descr: `publish ${port.trim()} of guest ${target}`,
    };
    const parsed = dnatSchema.safeParse(item);
    if (!parsed.success) {
      const errs: Record<string, string> = {};
      for (const i of parsed.error.issues) errs[String(i.path[0])] ??= i.message;
      setErrors(errs);
      return;
    }
    setErrors({});
    create.mutate({ operations: [{ op: 'create', kind: 'd_nat', item: parsed.data }] });
  };

  const body = () => {
    if (targets.isLoading) return <LoadingScreen />;
    if (targets.error) return <ErrorAlert error={targets.error} />;
    const data = targets.data!;
    if (data.addresses.length === 0)
      return <Alert severity="info">{t('firewalls.publish.noAddress')}</Alert>;
    if (data.firewalls.length === 0)
      return <Alert severity="info">{t('firewalls.publish.noFirewall')}</Alert>;
    const locked = !!create.data;
    return (
      <Box sx={{ display: 'grid', gap: 2, pt: 1 }}>
        {data.firewalls.length > 1 && (
          <TextField
            select
            size="small"
            label={t('firewalls.publish.firewall')}
            value={fwId}
            disabled={locked}
            onChange={(e) => setFirewallId(e.target.value)}
          >
            {data.firewalls.map((f) => (
              <MenuItem key={f.id} value={f.id}>
                {f.name}
              </MenuItem>
            ))}
          </TextField>
        )}
        <TextField
          select
          size="small"
          label={t('firewalls.publish.address')}
          value={target}
          disabled={locked}
          onChange={(e) => setAddress(e.target.value)}
        >
          {data.addresses.map((a) => (
            <MenuItem key={a.address} value={a.address}>
              {a.address}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          size="small"
          label={t('firewalls.publish.protocol')}
          value={protocol}
          disabled={locked}
          onChange={(e) => setProtocol(e.target.value as (typeof PROTOCOLS)[number])}
        >
          {PROTOCOLS.map((p) => (
            <MenuItem key={p} value={p}>
              {p.toUpperCase()}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          size="small"
          label={t('firewalls.publish.port')}
          value={port}
          disabled={locked}
          error={!!errors['destination.port']}
          helperText={errors['destination.port']}
          onChange={(e) => setPort(e.target.value)}
        />
        <TextField
          size="small"
          label={t('firewalls.publish.localPort')}
          value={localPort}
          placeholder={port}
          disabled={locked}
          error={!!errors['local-port']}
          helperText={errors['local-port'] ?? t('firewalls.publish.localPortHelp')}
          onChange={(e) => setLocalPort(e.target.value)}
        />
        {(create.error ?? apply.error) && <ErrorAlert error={create.error ?? apply.error} />}
        {change && (
          <Box component="section" aria-label={t('firewalls.publish.diff')}>
            <Typography variant="subtitle2">{t('firewalls.publish.diff')}</Typography>
            <Box component="ul" sx={{ m: 0, pl: 2 }}>
              {change.diff.map((d, i) => (
                <DiffLine key={i} entry={d} />
              ))}
            </Box>
          </Box>
        )}
        {apply.data && (
          <JobProgress
            jobId={apply.data.id}
            initial={apply.data}
            onDone={() => setJobEnded(true)}
          />
        )}
        {outcome?.status === 'applied' && (
          <Alert severity="success">
            {t('firewalls.publish.applied', { port: port.trim(), target })}
          </Alert>
        )}
        {outcome?.status === 'failed' && (
          <Alert severity="error">
            {t('firewalls.publish.failed', { reason: outcome.reason ?? '' })}
          </Alert>
        )}
      </Box>
    );
  };

  const ready = !!targets.data?.addresses.length && !!targets.data.firewalls.length;
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>{t('firewalls.publish.title')}</DialogTitle>
      <DialogContent>{body()}</DialogContent>
      <DialogActions>
        <Button onClick={onClose}>
          {t(apply.data ? 'firewalls.publish.close' : 'firewalls.publish.cancel')}
        </Button>
        {ready && !create.data && (
          <Button variant="outlined" onClick={preview} disabled={create.isPending}>
            {t('firewalls.publish.preview')}
          </Button>
        )}
        {create.data && !apply.data && (
          <Button
            variant="contained"
            onClick={() => apply.mutate(create.data.id)}
            disabled={apply.isPending}
          >
            {t('firewalls.publish.apply')}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
