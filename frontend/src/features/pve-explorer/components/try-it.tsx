import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { ErrorAlert } from '@/components/error-alert';
import { useAuthorization } from '@/lib/authorization';
import { useCallPveApi } from '../api/call-pve-api';
import { useExplorableClusters } from '../api/list-explorable-clusters';
import type { PveApiEndpointDetail } from '../api/types';
import { ResultView } from './result-view';

/**
 * "Try it": a cluster the caller administers, one field per parameter (empty ones are not sent);
 * GETs at once, changes for super_admin after a confirmation. The API checks it all again.
 */
export function TryIt({ ep }: { ep: PveApiEndpointDetail }) {
  const { t } = useTranslation();
  const authz = useAuthorization();
  const clusters = useExplorableClusters();
  const run = useCallPveApi();
  const [clusterId, setClusterId] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [confirming, setConfirming] = useState(false);
  const mutating = ep.method !== 'GET';
  const allowed = !mutating || authz.role === 'super_admin';
  const list = clusters.data ?? [];
  const chosen = clusterId || list[0]?.id || '';
  const cluster = list.find((c) => c.id === chosen);
  const pathParams = ep.parameters.filter((p) => p.inPath);
  const missing = pathParams.some((p) => !values[p.name]?.trim());
  const path = ep.path.replace(/\{([^}]+)\}/g, (_m, n: string) =>
    encodeURIComponent(values[n]?.trim() ?? ''),
  );
  const params = Object.fromEntries(
    ep.parameters
      .filter((p) => !p.inPath && values[p.name]?.trim())
      .map((p) => [p.name, values[p.name]!.trim()]),
  );
  const send = (confirm?: boolean) =>
    run.mutate(
      { clusterId: chosen, input: { method: ep.method, path, params, confirm } },
      { onSettled: () => setConfirming(false) },
    );

  return (
    <Box sx={{ display: 'grid', gap: 2 }}>
      <Typography component="h2" variant="h6">
        {t('pveExplorer.tryIt')}
      </Typography>
      {!allowed && <Alert severity="info">{t('pveExplorer.changesSuperAdmin')}</Alert>}
      {clusters.isSuccess && list.length === 0 && (
        <Alert severity="info">{t('pveExplorer.noClusters')}</Alert>
      )}
      <TextField
        select
        label={t('pveExplorer.cluster')}
        value={chosen}
        onChange={(e) => setClusterId(e.target.value)}
        disabled={list.length === 0}
      >
        {list.map((c) => (
          <MenuItem key={c.id} value={c.id}>
            {c.name}
          </MenuItem>
        ))}
      </TextField>
      <Box sx={{ display: 'grid', gap: 1.5, gridTemplateColumns: { md: '1fr 1fr' } }}>
        {ep.parameters.map((p) => (
          <TextField
            key={p.name}
            size="small"
            label={`${p.name}${p.optional ? '' : ' *'}`}
            placeholder={p.default === null ? (p.enum?.join(' | ') ?? '') : String(p.default)}
            value={values[p.name] ?? ''}
            onChange={(e) => setValues((prev) => ({ ...prev, [p.name]: e.target.value }))}
            slotProps={{ htmlInput: { 'aria-label': p.name } }}
          />
        ))}
      </Box>
      <Typography variant="body2" sx={{ fontFamily: 'monospace' }} data-testid="pve-concrete">
        {ep.method} {path}
      </Typography>
      <Box>
        <Button
          variant="contained"
          color={mutating ? 'warning' : 'primary'}
          disabled={!allowed || !chosen || missing || run.isPending}
          onClick={() => (mutating ? setConfirming(true) : send())}
        >
          {t('pveExplorer.send', { method: ep.method })}
        </Button>
      </Box>
      <ErrorAlert error={run.error} />
      {run.data && <ResultView key={run.submittedAt} result={run.data} />}
      <ConfirmDialog
        open={confirming}
        title={t('pveExplorer.confirmTitle', { method: ep.method })}
        message={t('pveExplorer.confirmMessage', {
          method: ep.method,
          path,
          cluster: cluster?.name ?? '',
        })}
        confirmLabel={t('pveExplorer.send', { method: ep.method })}
        pending={run.isPending}
        error={run.error}
        onConfirm={() => send(true)}
        onClose={() => setConfirming(false)}
      />
    </Box>
  );
}
