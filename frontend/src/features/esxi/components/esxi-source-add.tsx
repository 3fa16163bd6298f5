import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Step from '@mui/material/Step';
import StepLabel from '@mui/material/StepLabel';
import Stepper from '@mui/material/Stepper';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import {
  createEsxiSourceSchema,
  type EsxiSourceDto,
  type EsxiTestResult,
} from '@multpanel/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ErrorAlert } from '@/components/error-alert';
import { PageHeader } from '@/components/page-header';
import { useCompanyOptions } from '@/lib/queries/companies';
import {
  useAcceptEsxiCertificate,
  useCreateEsxiSource,
  useDiscoverEsxiSource,
  useTestEsxiSource,
} from '../api/sources';
import { EsxiTestResultAlert } from './esxi-test-result';

const STEPS = ['connection', 'certificate', 'discover'] as const;

/**
 * The "Add source" wizard: connection details (saved, password encrypted), then a test that shows
 * the certificate's fingerprint to accept explicitly, then the first discovery.
 */
export function EsxiSourceAddPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const companies = useCompanyOptions();
  const [f, setF] = useState({
    companyId: '',
    name: '',
    host: '',
    port: '443',
    username: 'root',
    password: '',
  });
  const [source, setSource] = useState<EsxiSourceDto | null>(null);
  const [test, setTest] = useState<EsxiTestResult | null>(null);
  const create = useCreateEsxiSource();
  const runTest = useTestEsxiSource();
  const accept = useAcceptEsxiCertificate();
  const discover = useDiscoverEsxiSource();
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) =>
    setF((o) => ({ ...o, [k]: e.target.value }));
  const parsed = createEsxiSourceSchema.safeParse({ ...f, port: Number(f.port) });
  const issue = (field: string) =>
    parsed.success ? undefined : parsed.error.issues.find((i) => i.path[0] === field)?.message;
  const touched = (k: keyof typeof f) => f[k] !== '' && !!issue(k);
  const step = !source ? 0 : !test?.trusted || !test.ok ? 1 : 2;

  const doTest = (id: string) => runTest.mutate(id, { onSuccess: setTest });

  return (
    <>
      <PageHeader title={t('esxi.add')} />
      <Stepper activeStep={step} sx={{ mb: 3 }}>
        {STEPS.map((s) => (
          <Step key={s}>
            <StepLabel>{t(`esxi.steps.${s}`)}</StepLabel>
          </Step>
        ))}
      </Stepper>
      <Box sx={{ display: 'grid', gap: 2, maxWidth: 640 }}>
        {step === 0 && (
          <>
            <TextField
              select
              label={t('esxi.fields.company')}
              value={f.companyId}
              onChange={set('companyId')}
            >
              {(companies.data ?? []).map((c) => (
                <MenuItem key={c.id} value={c.id}>
                  {c.name}
                </MenuItem>
              ))}
            </TextField>
            <TextField
              label={t('esxi.fields.name')}
              value={f.name}
              onChange={set('name')}
              error={touched('name')}
            />
            <TextField
              label={t('esxi.fields.host')}
              value={f.host}
              onChange={set('host')}
              error={touched('host')}
              helperText={touched('host') ? issue('host') : undefined}
            />
            <TextField
              label={t('esxi.fields.port')}
              value={f.port}
              onChange={set('port')}
              error={!!issue('port')}
              helperText={issue('port')}
            />
            <TextField
              label={t('esxi.fields.username')}
              value={f.username}
              onChange={set('username')}
            />
            <TextField
              label={t('esxi.fields.password')}
              type="password"
              value={f.password}
              onChange={set('password')}
            />
            <ErrorAlert error={create.error} />
            <Box>
              <Button
                variant="contained"
                disabled={!parsed.success || create.isPending}
                onClick={() =>
                  parsed.success &&
                  create.mutate(parsed.data, {
                    onSuccess: (s) => {
                      setSource(s);
                      doTest(s.id);
                    },
                  })
                }
              >
                {t('esxi.test')}
              </Button>
            </Box>
          </>
        )}
        {step === 1 && source && (
          <>
            {test && <EsxiTestResultAlert result={test} />}
            {test && (
              <TextField
                label={t('esxi.fields.fingerprint')}
                value={test.fingerprint}
                fullWidth
                slotProps={{ input: { readOnly: true } }}
              />
            )}
            <ErrorAlert error={runTest.error ?? accept.error} />
            <Box sx={{ display: 'flex', gap: 1 }}>
              {test && !test.trusted && (
                <Button
                  variant="contained"
                  disabled={accept.isPending}
                  onClick={() =>
                    accept.mutate(
                      { id: source.id, fingerprint: test.fingerprint },
                      { onSuccess: () => doTest(source.id) },
                    )
                  }
                >
                  {t('esxi.accept')}
                </Button>
              )}
              <Button disabled={runTest.isPending} onClick={() => doTest(source.id)}>
                {t('esxi.retest')}
              </Button>
              <Button onClick={() => void navigate(`/esxi/${source.id}`)}>{t('esxi.done')}</Button>
            </Box>
          </>
        )}
        {step === 2 && source && test && (
          <>
            <EsxiTestResultAlert result={test} />
            <Typography color="text.secondary">
              {t('esxi.fields.fingerprint')}: {test.fingerprint}
            </Typography>
            <ErrorAlert error={discover.error} />
            {!discover.isSuccess && <Alert severity="info">{t('esxi.notDiscovered')}</Alert>}
            <Box sx={{ display: 'flex', gap: 1 }}>
              <Button
                variant="contained"
                disabled={discover.isPending}
                onClick={() =>
                  discover.mutate(source.id, {
                    onSuccess: () => void navigate(`/esxi/${source.id}`),
                  })
                }
              >
                {t('esxi.discover')}
              </Button>
              <Button onClick={() => void navigate(`/esxi/${source.id}`)}>{t('esxi.done')}</Button>
            </Box>
          </>
        )}
      </Box>
    </>
  );
}
