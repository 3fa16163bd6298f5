import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import MenuItem from '@mui/material/MenuItem';
import Step from '@mui/material/Step';
import StepLabel from '@mui/material/StepLabel';
import Stepper from '@mui/material/Stepper';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { createDeploymentSchema, type CreatedDeploymentView } from '@multpanel/contracts';
import { ErrorAlert } from '@/components/error-alert';
import { PageHeader } from '@/components/page-header';
import { useCompanyOptions } from '@/lib/queries/companies';
import { useTemplateOptions } from '@/lib/queries/templates';
import { useCreateDeployment } from '../api/create-deployment';
import {
  useFrameworks,
  useTargetGuest,
  useTargetGuests,
  useTargetRanges,
} from '../api/list-frameworks';
import { useDeployNow } from '../api/run-deployment';

const STEPS = ['repository', 'framework', 'target', 'env', 'review'] as const;
type EnvRow = { key: string; value: string; secret: boolean };

/** The "New deployment" wizard: repository, framework, target, environment, review. */
export function DeploymentCreatePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [step, setStep] = useState(0);
  const [f, setF] = useState({
    name: '',
    repoUrl: '',
    ref: 'main',
    repoToken: '',
    framework: 'express',
    port: '',
    buildCommand: '',
    startCommand: '',
    companyId: '',
    guestId: '',
    sshUser: 'root',
    sshPort: '22',
    mode: 'guest' as 'guest' | 'new',
    templateId: '',
    cores: '1',
    memoryMb: '1024',
    diskGb: '10',
    bridge: 'vmbr0',
    ipamRangeId: '',
    domain: '',
  });
  const [env, setEnv] = useState<EnvRow[]>([]);
  const [created, setCreated] = useState<CreatedDeploymentView | null>(null);
  const [search] = useSearchParams();
  const fromGuest = useTargetGuest(search.get('guestId') ?? '');
  useEffect(() => {
    const g = fromGuest.data;
    if (g?.companyId) setF((o) => ({ ...o, companyId: g.companyId!, guestId: g.id }));
  }, [fromGuest.data]);
  const frameworks = useFrameworks();
  const companies = useCompanyOptions();
  const guests = useTargetGuests(f.companyId);
  const templates = useTemplateOptions(f.companyId, f.mode === 'new' && !!f.companyId);
  const ranges = useTargetRanges(f.companyId, f.mode === 'new');
  const template = templates.data?.find((x) => x.id === f.templateId);
  const create = useCreateDeployment();
  const deploy = useDeployNow();
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) =>
    setF((o) => ({ ...o, [k]: e.target.value }));

  const input = {
    companyId: f.companyId,
    name: f.name,
    repoUrl: f.repoUrl,
    ref: f.ref,
    framework: f.framework,
    target:
      f.mode === 'guest'
        ? { type: 'guest', guestId: f.guestId, sshUser: f.sshUser, sshPort: Number(f.sshPort) }
        : {
            type: 'new',
            kind: template?.kind ?? 'qemu',
            source: { type: 'template', templateId: f.templateId },
            cores: Number(f.cores),
            memoryMb: Number(f.memoryMb),
            diskGb: Number(f.diskGb),
            networks: [
              { bridge: f.bridge, ...(f.ipamRangeId ? { ipamRangeId: f.ipamRangeId } : {}) },
            ],
            sshUser: f.sshUser,
            sshPort: Number(f.sshPort),
          },
    ...(f.domain ? { domain: f.domain } : {}),
    env,
    ...(f.repoToken ? { repoToken: f.repoToken } : {}),
    ...(f.port ? { port: Number(f.port) } : {}),
    ...(f.buildCommand ? { buildCommand: f.buildCommand } : {}),
    ...(f.startCommand ? { startCommand: f.startCommand } : {}),
  };
  const parsed = createDeploymentSchema.safeParse(input);

  if (created) {
    return (
      <>
        <PageHeader title={t('deployments.createdTitle', { name: created.name })} />
        <Alert severity="warning" sx={{ mb: 2 }}>
          {t('deployments.secretOnce')}
        </Alert>
        <TextField
          label={t('deployments.fields.webhookSecret')}
          value={created.webhookSecret}
          fullWidth
          sx={{ mb: 2 }}
          slotProps={{ input: { readOnly: true } }}
        />
        <TextField
          label={t('deployments.fields.webhookUrl')}
          value={created.webhookUrl}
          fullWidth
          sx={{ mb: 2 }}
          slotProps={{ input: { readOnly: true } }}
        />
        <TextField
          label={t('deployments.fields.accessKey')}
          helperText={
            created.target.type === 'new'
              ? t('deployments.newGuestHelp')
              : t('deployments.accessKeyHelp', { user: created.target.sshUser })
          }
          value={created.accessPublicKey}
          fullWidth
          multiline
          sx={{ mb: 2 }}
          slotProps={{ input: { readOnly: true } }}
        />
        {created.deployPublicKey && (
          <TextField
            label={t('deployments.fields.deployKey')}
            helperText={t('deployments.deployKeyHelp')}
            value={created.deployPublicKey}
            fullWidth
            multiline
            sx={{ mb: 2 }}
            slotProps={{ input: { readOnly: true } }}
          />
        )}
        <ErrorAlert error={deploy.error} sx={{ mb: 2 }} />
        {created.target.type === 'new' ? (
          // Its first release already runs (it waits for the new guest): follow it there.
          <Button variant="contained" onClick={() => void navigate(`/deployments/${created.id}`)}>
            {t('deployments.openDeployment')}
          </Button>
        ) : (
          <Button
            variant="contained"
            disabled={deploy.isPending}
            onClick={() =>
              deploy.mutate(created.id, {
                onSuccess: () => void navigate(`/deployments/${created.id}`),
              })
            }
          >
            {t('deployments.deployNow')}
          </Button>
        )}
      </>
    );
  }

  const preset = frameworks.data?.find((p) => p.id === f.framework);
  return (
    <>
      <PageHeader title={t('deployments.create')} />
      <Stepper activeStep={step} sx={{ mb: 3 }}>
        {STEPS.map((s) => (
          <Step key={s}>
            <StepLabel>{t(`deployments.steps.${s}`)}</StepLabel>
          </Step>
        ))}
      </Stepper>
      <Box sx={{ display: 'grid', gap: 2, maxWidth: 640 }}>
        {STEPS[step] === 'repository' && (
          <>
            <TextField label={t('deployments.fields.name')} value={f.name} onChange={set('name')} />
            <TextField
              label={t('deployments.fields.repoUrl')}
              value={f.repoUrl}
              onChange={set('repoUrl')}
            />
            <TextField label={t('deployments.fields.ref')} value={f.ref} onChange={set('ref')} />
            <TextField
              label={t('deployments.fields.repoToken')}
              type="password"
              value={f.repoToken}
              onChange={set('repoToken')}
            />
          </>
        )}
        {STEPS[step] === 'framework' && (
          <>
            <TextField
              select
              label={t('deployments.fields.framework')}
              value={f.framework}
              onChange={set('framework')}
            >
              {(frameworks.data ?? []).map((p) => (
                <MenuItem key={p.id} value={p.id}>
                  {p.name}
                </MenuItem>
              ))}
            </TextField>
            <TextField
              label={t('deployments.fields.port')}
              placeholder={String(preset?.defaultPort ?? '')}
              value={f.port}
              onChange={set('port')}
            />
            <TextField
              label={t('deployments.fields.buildCommand')}
              placeholder={preset?.buildCommand}
              value={f.buildCommand}
              onChange={set('buildCommand')}
            />
            <TextField
              label={t('deployments.fields.startCommand')}
              placeholder={preset?.startCommand}
              value={f.startCommand}
              onChange={set('startCommand')}
            />
            <TextField
              label={t('deployments.fields.domain')}
              placeholder="app.example.com"
              value={f.domain}
              onChange={set('domain')}
            />
          </>
        )}
        {STEPS[step] === 'target' && (
          <>
            <TextField
              select
              label={t('deployments.fields.company')}
              value={f.companyId}
              onChange={set('companyId')}
            >
              {(companies.data ?? []).map((c) => (
                <MenuItem key={c.id} value={c.id}>
                  {c.name}
                </MenuItem>
              ))}
            </TextField>
            <RadioGroup
              row
              aria-label={t('deployments.targetMode')}
              value={f.mode}
              onChange={set('mode')}
            >
              <FormControlLabel
                value="guest"
                control={<Radio />}
                label={t('deployments.targetExisting')}
              />
              <FormControlLabel
                value="new"
                control={<Radio />}
                label={t('deployments.targetNew')}
              />
            </RadioGroup>
            {f.mode === 'guest' ? (
              <TextField
                select
                label={t('deployments.fields.guest')}
                value={f.guestId}
                onChange={set('guestId')}
              >
                {(guests.data ?? []).map((g) => (
                  <MenuItem key={g.id} value={g.id}>
                    {g.name ?? g.vmid} ({g.kind} {g.vmid})
                  </MenuItem>
                ))}
              </TextField>
            ) : (
              <>
                <TextField
                  select
                  label={t('deployments.fields.template')}
                  value={f.templateId}
                  onChange={set('templateId')}
                  helperText={t('deployments.newGuestHelp')}
                >
                  {(templates.data ?? [])
                    .filter((x) => x.kind === 'qemu')
                    .map((x) => (
                      <MenuItem key={x.id} value={x.id}>
                        {x.name} ({x.kind}, {x.clusterName})
                      </MenuItem>
                    ))}
                </TextField>
                <Box sx={{ display: 'flex', gap: 1 }}>
                  <TextField
                    label={t('deployments.fields.cores')}
                    value={f.cores}
                    onChange={set('cores')}
                  />
                  <TextField
                    label={t('deployments.fields.memoryMb')}
                    value={f.memoryMb}
                    onChange={set('memoryMb')}
                  />
                  <TextField
                    label={t('deployments.fields.diskGb')}
                    value={f.diskGb}
                    onChange={set('diskGb')}
                  />
                </Box>
                <Box sx={{ display: 'flex', gap: 1 }}>
                  <TextField
                    label={t('deployments.fields.bridge')}
                    value={f.bridge}
                    onChange={set('bridge')}
                  />
                  <TextField
                    select
                    sx={{ minWidth: 240 }}
                    label={t('deployments.fields.ipamRange')}
                    value={f.ipamRangeId}
                    onChange={set('ipamRangeId')}
                  >
                    <MenuItem value="">{t('deployments.fields.noRange')}</MenuItem>
                    {(ranges.data ?? []).map((r) => (
                      <MenuItem key={r.id} value={r.id}>
                        {r.name} ({r.cidr})
                      </MenuItem>
                    ))}
                  </TextField>
                </Box>
              </>
            )}
            <TextField
              label={t('deployments.fields.sshUser')}
              value={f.sshUser}
              onChange={set('sshUser')}
            />
            <TextField
              label={t('deployments.fields.sshPort')}
              value={f.sshPort}
              onChange={set('sshPort')}
            />
          </>
        )}
        {STEPS[step] === 'env' && (
          <>
            {env.map((row, i) => (
              <Box key={i} sx={{ display: 'flex', gap: 1 }}>
                <TextField
                  label={t('deployments.fields.envKey')}
                  value={row.key}
                  onChange={(e) =>
                    setEnv(env.map((r, j) => (j === i ? { ...r, key: e.target.value } : r)))
                  }
                />
                <TextField
                  label={t('deployments.fields.envValue')}
                  type={row.secret ? 'password' : 'text'}
                  value={row.value}
                  onChange={(e) =>
                    setEnv(env.map((r, j) => (j === i ? { ...r, value: e.target.value } : r)))
                  }
                />
                <FormControlLabel
                  label={t('deployments.fields.secret')}
                  control={
                    <Checkbox
                      checked={row.secret}
                      onChange={(e) =>
                        setEnv(
                          env.map((r, j) => (j === i ? { ...r, secret: e.target.checked } : r)),
                        )
                      }
                    />
                  }
                />
              </Box>
            ))}
            <Button onClick={() => setEnv([...env, { key: '', value: '', secret: true }])}>
              {t('deployments.addVariable')}
            </Button>
          </>
        )}
        {STEPS[step] === 'review' && (
          <>
            <Typography>
              {f.name} · {f.repoUrl} ({f.ref}) · {preset?.name}
            </Typography>
            {!parsed.success && (
              <Alert severity="error">
                {parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}
              </Alert>
            )}
            <ErrorAlert error={create.error} />
          </>
        )}
        <Box sx={{ display: 'flex', gap: 1 }}>
          <Button disabled={step === 0} onClick={() => setStep(step - 1)}>
            {t('common.back')}
          </Button>
          {step < STEPS.length - 1 ? (
            <Button variant="contained" onClick={() => setStep(step + 1)}>
              {t('deployments.next')}
            </Button>
          ) : (
            <Button
              variant="contained"
              disabled={!parsed.success || create.isPending}
              onClick={() =>
                parsed.success && create.mutate(parsed.data, { onSuccess: setCreated })
              }
            >
              {t('deployments.create')}
            </Button>
          )}
        </Box>
      </Box>
    </>
  );
}
