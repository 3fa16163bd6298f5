import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Checkbox from '@mui/material/Checkbox';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import LinearProgress from '@mui/material/LinearProgress';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { EsxiProjectDto, EsxiWaveRolledBack, EsxiWaveStarted } from '@multpanel/contracts';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { ErrorAlert } from '@/components/error-alert';
import { PageHeader } from '@/components/page-header';
import { useAuthorization } from '@/lib/authorization';
import { perm } from '@/lib/permission-keys';
import { useEsxiVms } from '../api/inventory';
import {
  useDeleteEsxiProject,
  useEsxiProject,
  useRollbackEsxiWave,
  useRunEsxiWave,
  useSetEsxiProjectVms,
} from '../api/projects';
import { ProjectReport, ProjectVmStatus } from './esxi-project-report';

/** How long a wave run waits for each started guest's agent when asked to check it. */
const AGENT_WAIT_SECONDS = 120;

type Plan = Map<string, { name: string; wave: number }>;

const planOf = (p: EsxiProjectDto): Plan =>
  new Map(
    [...p.vms]
      .sort((a, b) => a.wave - b.wave || a.position - b.position)
      .map((v) => [v.esxiVmId, { name: v.name, wave: v.wave }]),
  );

/** A migration project: mappings, the waves board (staff move VMs between waves), and the report. */
export function EsxiProjectShowPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { projectId = '' } = useParams();
  const auth = useAuthorization();
  const canManage = auth.has(perm.esxiManage);
  const project = useEsxiProject(projectId);
  const p = project.data;
  const sourceVms = useEsxiVms(canManage && p ? p.sourceId : '', { page: 1, pageSize: 500 });
  const [plan, setPlan] = useState<Plan>(new Map());
  const [dirty, setDirty] = useState(false);
  const [extraWaves, setExtraWaves] = useState(0);
  const [running, setRunning] = useState<number | null>(null);
  const [startAfter, setStartAfter] = useState(false);
  const [shutdownSource, setShutdownSource] = useState(false);
  const [verifyAgent, setVerifyAgent] = useState(false);
  const [rollingBack, setRollingBack] = useState<number | null>(null);
  const [rolledBack, setRolledBack] = useState<EsxiWaveRolledBack | null>(null);
  const rollback = useRollbackEsxiWave();
  const [started, setStarted] = useState<EsxiWaveStarted | null>(null);
  const [deleting, setDeleting] = useState(false);
  const save = useSetEsxiProjectVms();
  const run = useRunEsxiWave();
  const remove = useDeleteEsxiProject();

  useEffect(() => {
    if (p && !dirty) setPlan(planOf(p));
  }, [p, dirty]);

  const byId = useMemo(() => new Map((p?.vms ?? []).map((v) => [v.esxiVmId, v])), [p]);
  const unplanned = (sourceVms.data?.items ?? []).filter((v) => !(plan.get(v.id)?.wave ?? 0));
  const waveCount = Math.max(0, ...[...plan.values()].map((v) => v.wave)) + extraWaves || 1;
  const waves = Array.from({ length: waveCount }, (_x, i) => i + 1);

  if (project.error) return <ErrorAlert error={project.error} />;
  if (!p) return null;

  const move = (id: string, name: string, wave: number) => {
    setPlan((old) => {
      const next = new Map(old);
      if (wave === 0) next.delete(id);
      else {
        next.delete(id);
        next.set(id, { name, wave });
      }
      return next;
    });
    setDirty(true);
  };
  const locked = (id: string) => {
    const s = byId.get(id)?.status;
    return !!s && s !== 'planned' && s !== 'refused';
  };
  const saveInput = {
    id: p.id,
    vms: [...plan.entries()].map(([esxiVmId, v]) => ({ esxiVmId, wave: v.wave })),
  };

  const card = (id: string, name: string, wave: number) => {
    const vm = byId.get(id);
    return (
      <Card key={id} variant="outlined" data-testid={`wave-vm-${name}`}>
        <CardContent sx={{ display: 'grid', gap: 1, p: 1.5, '&:last-child': { pb: 1.5 } }}>
          <Box sx={{ display: 'flex', justifyContent: 'space-between', gap: 1 }}>
            <Typography fontWeight={600}>{name}</Typography>
            {vm && <ProjectVmStatus status={vm.status} />}
          </Box>
          {vm?.progress != null && vm.status === 'running' && (
            <LinearProgress variant="determinate" value={vm.progress} />
          )}
          {canManage && !locked(id) && (
            <TextField
              select
              size="small"
              label={t('esxiProjects.moveTo')}
              value={wave}
              onChange={(e) => move(id, name, Number(e.target.value))}
              slotProps={{ htmlInput: { 'aria-label': `${t('esxiProjects.moveTo')} ${name}` } }}
            >
              <MenuItem value={0}>{t('esxiProjects.unplanned')}</MenuItem>
              {waves.map((w) => (
                <MenuItem key={w} value={w}>
                  {t('esxiProjects.wave', { n: w })}
                </MenuItem>
              ))}
            </TextField>
          )}
        </CardContent>
      </Card>
    );
  };

  const waveVms = (w: number) => [...plan.entries()].filter(([, v]) => v.wave === w);
  const runnable = (w: number) =>
    !dirty &&
    p.vms.some((v) => v.wave === w && ['planned', 'refused', 'rolled-back'].includes(v.status));

  return (
    <>
      <PageHeader
        title={p.name}
        subtitle={`${p.node} · ${p.storage}`}
        actions={
          canManage && (
            <Button color="error" onClick={() => setDeleting(true)}>
              {t('esxiProjects.delete')}
            </Button>
          )
        }
      />
      <Typography variant="h5" sx={{ mb: 1 }}>
        {t('esxiProjects.mappings')}
      </Typography>
      <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', mb: 3 }}>
        {p.networks.map((n, i) => (
          <Chip
            key={`n${i}`}
            variant="outlined"
            label={`${n.source ?? t('esxiProjects.defaultNetwork')} → ${n.bridge}${n.vlan ? ` VLAN ${n.vlan}` : ''}`}
          />
        ))}
        {p.datastores.map((d) => (
          <Chip key={d.datastore} variant="outlined" label={`${d.datastore} → ${d.storage}`} />
        ))}
      </Box>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 1 }}>
        <Typography variant="h5" sx={{ flex: 1 }}>
          {t('esxiProjects.waves')}
        </Typography>
        {canManage && (
          <>
            <Button onClick={() => setExtraWaves((n) => n + 1)}>{t('esxiProjects.addWave')}</Button>
            <Button
              variant="contained"
              disabled={!dirty || save.isPending}
              onClick={() => save.mutate(saveInput, { onSuccess: () => setDirty(false) })}
            >
              {t('esxiProjects.savePlan')}
            </Button>
          </>
        )}
      </Box>
      <ErrorAlert error={save.error} sx={{ mb: 1 }} />
      {rolledBack && (
        <Alert severity={rolledBack.errors.length ? 'warning' : 'success'} sx={{ mb: 1 }}>
          {t('esxiProjects.rolledBack', {
            wave: rolledBack.wave,
            cancelled: rolledBack.cancelled,
            poweredOn: rolledBack.poweredOn,
          })}
          {rolledBack.errors.map((e) => (
            <div key={e.name}>
              {e.name}: {e.error}
            </div>
          ))}
        </Alert>
      )}
      {started && (
        <Alert severity={started.refused ? 'warning' : 'success'} sx={{ mb: 1 }}>
          {t('esxiProjects.waveStarted', {
            wave: started.wave,
            started: started.started,
            refused: started.refused,
          })}
        </Alert>
      )}
      <Box
        sx={{
          display: 'grid',
          gridAutoFlow: 'column',
          gridAutoColumns: 'minmax(240px, 1fr)',
          gap: 2,
          overflowX: 'auto',
          mb: 3,
        }}
      >
        {canManage && (
          <Paper variant="outlined" sx={{ p: 1.5, display: 'grid', gap: 1, alignContent: 'start' }}>
            <Typography fontWeight={600}>{t('esxiProjects.unplanned')}</Typography>
            {unplanned.map((v) => card(v.id, v.name, 0))}
          </Paper>
        )}
        {waves.map((w) => (
          <Paper
            key={w}
            variant="outlined"
            sx={{ p: 1.5, display: 'grid', gap: 1, alignContent: 'start' }}
            data-testid={`wave-${w}`}
          >
            <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
              <Typography fontWeight={600} sx={{ flex: 1 }}>
                {t('esxiProjects.wave', { n: w })}
              </Typography>
              {canManage && (
                <Button size="small" disabled={!runnable(w)} onClick={() => setRunning(w)}>
                  {t('esxiProjects.runWave', { n: w })}
                </Button>
              )}
              {canManage &&
                p.vms.some((v) => v.wave === w && v.jobId && v.status !== 'rolled-back') && (
                  <Button size="small" color="warning" onClick={() => setRollingBack(w)}>
                    {t('esxiProjects.rollback', { n: w })}
                  </Button>
                )}
            </Box>
            {waveVms(w).map(([id, v]) => card(id, v.name, w))}
            {!waveVms(w).length && (
              <Typography color="text.secondary">{t('esxiProjects.noVms')}</Typography>
            )}
          </Paper>
        ))}
      </Box>
      <ProjectReport project={p} canManage={canManage} />
      <Dialog open={running != null} onClose={() => setRunning(null)}>
        <DialogTitle>{t('esxiProjects.runWave', { n: running ?? 0 })}</DialogTitle>
        <DialogContent>
          <Typography>
            {t('esxiProjects.runConfirm', { n: running ?? 0, count: waveVms(running ?? 0).length })}
          </Typography>
          <FormControlLabel
            control={
              <Checkbox checked={startAfter} onChange={(e) => setStartAfter(e.target.checked)} />
            }
            label={t('esxiProjects.startAfter')}
          />
          <FormControlLabel
            control={
              <Checkbox
                checked={shutdownSource}
                onChange={(e) => setShutdownSource(e.target.checked)}
              />
            }
            label={t('esxiProjects.shutdownSource')}
          />
          <FormControlLabel
            control={
              <Checkbox
                checked={startAfter && verifyAgent}
                disabled={!startAfter}
                onChange={(e) => setVerifyAgent(e.target.checked)}
              />
            }
            label={t('esxiProjects.verifyAgent', { seconds: AGENT_WAIT_SECONDS })}
          />
          <ErrorAlert error={run.error} sx={{ mt: 1 }} />
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setRunning(null)}>{t('common.cancel')}</Button>
          <Button
            variant="contained"
            disabled={run.isPending}
            onClick={() =>
              running != null &&
              run.mutate(
                {
                  id: p.id,
                  wave: running,
                  start: startAfter,
                  shutdownSource,
                  verifyAgentSeconds: startAfter && verifyAgent ? AGENT_WAIT_SECONDS : 0,
                },
                {
                  onSuccess: (a) => {
                    setStarted(a);
                    setRunning(null);
                  },
                },
              )
            }
          >
            {t('esxiProjects.runWave', { n: running ?? 0 })}
          </Button>
        </DialogActions>
      </Dialog>
      <ConfirmDialog
        open={rollingBack != null}
        title={t('esxiProjects.rollback', { n: rollingBack ?? 0 })}
        message={t('esxiProjects.rollbackConfirm', { n: rollingBack ?? 0 })}
        confirmLabel={t('esxiProjects.rollback', { n: rollingBack ?? 0 })}
        pending={rollback.isPending}
        error={rollback.error}
        onConfirm={() =>
          rollingBack != null &&
          rollback.mutate(
            { id: p.id, wave: rollingBack },
            {
              onSuccess: (r) => {
                setRolledBack(r);
                setRollingBack(null);
              },
            },
          )
        }
        onClose={() => setRollingBack(null)}
      />
      <ConfirmDialog
        open={deleting}
        title={t('esxiProjects.delete')}
        message={t('esxiProjects.deleteConfirm', { name: p.name })}
        confirmLabel={t('esxiProjects.delete')}
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => remove.mutate(p.id, { onSuccess: () => void navigate('/esxi-projects') })}
        onClose={() => setDeleting(false)}
      />
    </>
  );
}
