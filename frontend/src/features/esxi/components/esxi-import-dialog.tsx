import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import {
  esxiImportSchema,
  type EsxiImportAccepted,
  type EsxiImportPlan,
  type EsxiVmDto,
} from '@multpanel/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { JobProgress } from '@/components/jobs/job-progress';
import { usePlanEsxiImport, useStartEsxiImport } from '../api/inventory';
import { EsxiNetworkMappings, mappingRows, toMapping } from './esxi-network-mappings';
import { EsxiTargetFields, type Target } from './esxi-target-fields';
import { formatBytes } from './format';

const hostName = (name: string) =>
  name
    .replace(/[^A-Za-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);

/**
 * Import one discovered VM: target cluster/node/storage and network mapping, then "Check the
 * import" reads Proxmox's import-metadata and lists its warnings; only then can the import start.
 */
export function EsxiImportDialog({
  sourceId,
  companyId,
  vm,
  onClose,
}: {
  sourceId: string;
  companyId: string;
  vm: EsxiVmDto;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [target, setTarget] = useState<Target>({ clusterId: '', node: '', storage: '' });
  const [rows, setRows] = useState(() =>
    mappingRows([...new Set(vm.nics.map((n) => n.network ?? '').filter(Boolean))]),
  );
  const [name, setName] = useState(hostName(vm.name));
  const [start, setStart] = useState(false);
  const [live, setLive] = useState(false);
  const [plan, setPlan] = useState<EsxiImportPlan | null>(null);
  const [accepted, setAccepted] = useState<EsxiImportAccepted | null>(null);
  const planMut = usePlanEsxiImport();
  const startMut = useStartEsxiImport();
  const input = { ...target, networks: rows.map(toMapping), name, start, live };
  const parsed = esxiImportSchema.safeParse(input);
  const retarget = (next: Target) => {
    setTarget(next);
    setPlan(null);
  };
  return (
    <Dialog open onClose={onClose} maxWidth="md" fullWidth aria-labelledby="esxi-import-title">
      <DialogTitle id="esxi-import-title">{t('esxi.import.title', { name: vm.name })}</DialogTitle>
      <DialogContent>
        {accepted ? (
          <Box sx={{ display: 'grid', gap: 2, pt: 1 }}>
            <Alert severity="success">{t('esxi.import.started', { name })}</Alert>
            <JobProgress jobId={accepted.job.id} initial={accepted.job} showLog />
          </Box>
        ) : (
          <Box sx={{ display: 'grid', gap: 2, pt: 1 }}>
            <EsxiTargetFields value={target} onChange={retarget} />
            <EsxiNetworkMappings companyId={companyId} rows={rows} onChange={setRows} />
            <TextField
              label={t('esxi.fields.newName')}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
            <FormControlLabel
              control={<Checkbox checked={start} onChange={(e) => setStart(e.target.checked)} />}
              label={t('esxi.fields.start')}
            />
            <FormControlLabel
              control={<Checkbox checked={live} onChange={(e) => setLive(e.target.checked)} />}
              label={t('esxi.fields.live')}
            />
            <ErrorAlert error={planMut.error ?? startMut.error} />
            {plan ? (
              <Box data-testid="import-plan">
                <Typography>
                  {t('esxi.import.disks', {
                    count: plan.disks.length,
                    size: formatBytes(plan.disks.reduce((s, d) => s + d.sizeBytes, 0)),
                  })}
                </Typography>
                {plan.warnings.length ? (
                  <Alert severity="warning" sx={{ mt: 1 }}>
                    {t('esxi.import.warnings')}
                    <List dense>
                      {plan.warnings.map((w, i) => (
                        <ListItem key={i} disableGutters>
                          <ListItemText primary={w.message} secondary={w.type} />
                        </ListItem>
                      ))}
                    </List>
                  </Alert>
                ) : (
                  <Alert severity="info" sx={{ mt: 1 }}>
                    {t('esxi.import.noWarnings')}
                  </Alert>
                )}
                {plan.hints.length > 0 && (
                  <Alert severity="info" sx={{ mt: 1 }}>
                    {t('esxi.import.hints')}
                    <List dense>
                      {plan.hints.map((h) => (
                        <ListItem key={h.type} disableGutters>
                          <ListItemText primary={h.message} />
                        </ListItem>
                      ))}
                    </List>
                  </Alert>
                )}
              </Box>
            ) : (
              <Typography color="text.secondary">{t('esxi.import.planFirst')}</Typography>
            )}
          </Box>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('common.close')}</Button>
        {!accepted && (
          <>
            <Button
              disabled={!target.node || planMut.isPending}
              onClick={() =>
                planMut.mutate(
                  { sourceId, vmId: vm.id, clusterId: target.clusterId, node: target.node },
                  { onSuccess: setPlan },
                )
              }
            >
              {t('esxi.import.plan')}
            </Button>
            <Button
              variant="contained"
              disabled={!plan || !parsed.success || startMut.isPending}
              onClick={() =>
                parsed.success &&
                startMut.mutate(
                  { sourceId, vmId: vm.id, input: parsed.data },
                  { onSuccess: setAccepted },
                )
              }
            >
              {t('esxi.import.start')}
            </Button>
          </>
        )}
      </DialogActions>
    </Dialog>
  );
}
