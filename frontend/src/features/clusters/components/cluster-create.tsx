import Add from '@mui/icons-material/Add';
import DeleteOutline from '@mui/icons-material/DeleteOutline';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormControlLabel from '@mui/material/FormControlLabel';
import IconButton from '@mui/material/IconButton';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Step from '@mui/material/Step';
import StepLabel from '@mui/material/StepLabel';
import Stepper from '@mui/material/Stepper';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { ErrorAlert, useErrorMessage } from '@/components/error-alert';
import { PageHeader } from '@/components/page-header';
import { probeFingerprint, testUnsavedCluster, useCreateCluster } from '../api/cluster-mutations';
import {
  createOwnedCluster,
  probeOwnedFingerprint,
  testUnsavedOwnedCluster,
} from '../api/owned-cluster-mutations';
import type { CreateClusterInput, ProbedFingerprint, TestClusterInput } from '../api/types';
import { CertificateCard } from './certificate-card';
import { ClusterDetailsFields, splitTags, type ClusterDetails } from './cluster-form';
import { TestResult } from './test-result';

type Credentials = CreateClusterInput['credentials'];
const STEPS = ['cluster', 'certificate', 'credentials', 'details'] as const;

/**
 * Add-cluster wizard. The certificate is confirmed before the credentials step on purpose: a
 * secret is only ever sent to a server whose fingerprint a person accepted (or that a pasted CA
 * vouches for). Nothing is stored before the last step. With `ownerCompanyId` it adds that
 * company's own cluster (no allow-list: it is the company's alone).
 */
export function ClusterCreatePage({ ownerCompanyId }: { ownerCompanyId?: string } = {}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const errorText = useErrorMessage();
  const test = useMutation({
    mutationFn: (input: TestClusterInput) =>
      ownerCompanyId ? testUnsavedOwnedCluster(ownerCompanyId, input) : testUnsavedCluster(input),
  });
  const create = useCreateCluster(
    ownerCompanyId
      ? ({ allowedCompanyIds: _ignored, ...input }) => createOwnedCluster(ownerCompanyId, input)
      : undefined,
  );
  const probe = (url: string) =>
    ownerCompanyId ? probeOwnedFingerprint(ownerCompanyId, url) : probeFingerprint(url);

  const [step, setStep] = useState(0);
  const [name, setName] = useState('');
  const [urls, setUrls] = useState<string[]>(['']);
  const [certs, setCerts] = useState<Record<string, ProbedFingerprint>>({});
  const [probeErrors, setProbeErrors] = useState<Record<string, string>>({});
  const [probing, setProbing] = useState(false);
  const [accepted, setAccepted] = useState<Record<string, boolean>>({});
  const [useCa, setUseCa] = useState(false);
  const [caPem, setCaPem] = useState('');
  const [authType, setAuthType] = useState<'token' | 'password'>('token');
  const [user, setUser] = useState('');
  const [secret, setSecret] = useState('');
  const [details, setDetails] = useState<ClusterDetails>({
    location: '',
    tags: '',
    allowedCompanyIds: [],
  });

  const endpointUrls = urls.map((u) => u.trim()).filter(Boolean);
  const trusted = useCa
    ? caPem.includes('BEGIN CERTIFICATE')
    : endpointUrls.length > 0 && endpointUrls.every((u) => certs[u] && accepted[u]);
  const endpoints = endpointUrls.map((url) =>
    !useCa && certs[url] && accepted[url] ? { url, fingerprint: certs[url].fingerprint } : { url },
  );
  const trust = useCa ? { caPem: caPem.trim() } : {};
  const credentials: Credentials =
    authType === 'token'
      ? { type: 'token', tokenId: user.trim(), secret }
      : { type: 'password', username: user.trim(), password: secret };

  const probeAll = async () => {
    setProbing(true);
    const found: Record<string, ProbedFingerprint> = {};
    const failed: Record<string, string> = {};
    for (const url of endpointUrls) {
      try {
        found[url] = await probe(url);
      } catch (err) {
        failed[url] = errorText(err);
      }
    }
    setCerts(found);
    setProbeErrors(failed);
    // A fingerprint accepted earlier stays accepted only if the server still shows the same one.
    setAccepted((prev) =>
      Object.fromEntries(
        Object.entries(found).map(([u, c]) => [
          u,
          !!prev[u] && certs[u]?.fingerprint === c.fingerprint,
        ]),
      ),
    );
    setProbing(false);
  };

  const setUrl = (i: number, value: string) => {
    setUrls((prev) => prev.map((u, j) => (j === i ? value : u)));
    test.reset();
  };

  const save = () =>
    create.mutate(
      {
        name: name.trim(),
        endpoints,
        ...trust,
        credentials,
        location: details.location.trim() || undefined,
        tags: splitTags(details.tags),
        allowedCompanyIds: details.allowedCompanyIds,
        healthIntervalSec: 30,
        syncIntervalSec: 60,
      },
      {
        onSuccess: (c) =>
          void navigate(
            ownerCompanyId ? '/my-clusters' : c?.id ? `/clusters/${c.id}` : '/clusters',
          ),
      },
    );

  return (
    <>
      <PageHeader title={t('clusters.create.title')} subtitle={t('clusters.create.subtitle')} />
      <Stepper activeStep={step} sx={{ mb: 3 }}>
        {STEPS.map((s) => (
          <Step key={s}>
            <StepLabel>{t(`clusters.create.steps.${s}`)}</StepLabel>
          </Step>
        ))}
      </Stepper>
      <Paper variant="outlined" sx={{ p: 3, maxWidth: 760 }}>
        <Typography variant="h6" component="h2" sx={{ mb: 2 }}>
          {t(`clusters.create.steps.${STEPS[step]}`)}
        </Typography>

        {step === 0 && (
          <Box sx={{ display: 'grid', gap: 2 }}>
            <TextField
              label={t('clusters.fields.name')}
              value={name}
              onChange={(e) => setName(e.target.value)}
              helperText={t('clusters.create.nameHint')}
            />
            {urls.map((u, i) => (
              <Box key={i} sx={{ display: 'flex', gap: 1, alignItems: 'flex-start' }}>
                <TextField
                  fullWidth
                  label={t('clusters.create.endpointN', { n: i + 1 })}
                  helperText={i === 0 ? t('clusters.create.urlHint') : undefined}
                  value={u}
                  onChange={(e) => setUrl(i, e.target.value)}
                />
                {urls.length > 1 && (
                  <IconButton
                    aria-label={t('clusters.create.removeEndpoint', { n: i + 1 })}
                    onClick={() => setUrls((prev) => prev.filter((_, j) => j !== i))}
                  >
                    <DeleteOutline />
                  </IconButton>
                )}
              </Box>
            ))}
            <Box>
              <Button startIcon={<Add />} onClick={() => setUrls((prev) => [...prev, ''])}>
                {t('clusters.create.addEndpoint')}
              </Button>
            </Box>
            <Box>
              <Button
                variant="contained"
                disabled={!name.trim() || endpointUrls.length === 0}
                onClick={() => {
                  setStep(1);
                  if (endpointUrls.some((u) => !certs[u])) void probeAll();
                }}
              >
                {t('clusters.create.next')}
              </Button>
            </Box>
          </Box>
        )}

        {step === 1 && (
          <Box sx={{ display: 'grid', gap: 2 }}>
            <Typography variant="body2">{t('clusters.create.certIntro')}</Typography>
            <FormControlLabel
              control={<Switch checked={useCa} onChange={(e) => setUseCa(e.target.checked)} />}
              label={t('clusters.create.useCa')}
            />
            {useCa ? (
              <TextField
                multiline
                minRows={6}
                label={t('clusters.create.caPem')}
                placeholder="-----BEGIN CERTIFICATE-----"
                value={caPem}
                onChange={(e) => setCaPem(e.target.value)}
                slotProps={{ htmlInput: { style: { fontFamily: 'monospace' } } }}
              />
            ) : (
              <>
                <Box>
                  <Button variant="outlined" onClick={() => void probeAll()} disabled={probing}>
                    {t('clusters.create.readCertificate')}
                  </Button>
                </Box>
                {endpointUrls.map((url) => (
                  <Box key={url} sx={{ display: 'grid', gap: 1 }}>
                    <Typography variant="subtitle2">{url}</Typography>
                    {probeErrors[url] && (
                      <Alert severity="error">
                        {t('clusters.create.probeFailed', { error: probeErrors[url] })}
                      </Alert>
                    )}
                    {certs[url] && (
                      <CertificateCard
                        cert={certs[url]}
                        accepted={!!accepted[url]}
                        onAccept={(ok) => {
                          setAccepted((prev) => ({ ...prev, [url]: ok }));
                          test.reset();
                        }}
                      />
                    )}
                  </Box>
                ))}
              </>
            )}
            <Box sx={{ display: 'flex', gap: 1 }}>
              <Button onClick={() => setStep(0)}>{t('common.back')}</Button>
              <Button variant="contained" disabled={!trusted} onClick={() => setStep(2)}>
                {t('clusters.create.next')}
              </Button>
            </Box>
          </Box>
        )}

        {step === 2 && (
          <Box sx={{ display: 'grid', gap: 2 }}>
            <TextField
              select
              label={t('clusters.create.authType')}
              value={authType}
              onChange={(e) => {
                setAuthType(e.target.value as 'token' | 'password');
                test.reset();
              }}
              helperText={t('clusters.create.tokenPreferred')}
            >
              <MenuItem value="token">{t('clusters.create.token')}</MenuItem>
              <MenuItem value="password">{t('clusters.create.password')}</MenuItem>
            </TextField>
            <TextField
              label={
                authType === 'token' ? t('clusters.create.tokenId') : t('clusters.create.username')
              }
              placeholder={authType === 'token' ? 'multpanel@pve!sync' : 'root@pam'}
              value={user}
              onChange={(e) => {
                setUser(e.target.value);
                test.reset();
              }}
            />
            <TextField
              type="password"
              label={
                authType === 'token'
                  ? t('clusters.create.tokenSecret')
                  : t('clusters.create.passwordField')
              }
              value={secret}
              onChange={(e) => {
                setSecret(e.target.value);
                test.reset();
              }}
              autoComplete="off"
            />
            <Box sx={{ display: 'flex', gap: 1 }}>
              <Button onClick={() => setStep(1)}>{t('common.back')}</Button>
              <Button
                variant="outlined"
                onClick={() => test.mutate({ endpoints, ...trust, credentials })}
                disabled={!user.trim() || !secret || test.isPending}
              >
                {test.isPending ? t('clusters.create.testing') : t('clusters.create.test')}
              </Button>
            </Box>
            <ErrorAlert error={test.error} />
            {test.data && <TestResult result={test.data} />}
            <Box>
              <Button variant="contained" disabled={!test.data?.ok} onClick={() => setStep(3)}>
                {t('clusters.create.next')}
              </Button>
            </Box>
          </Box>
        )}

        {step === 3 && (
          <Box sx={{ display: 'grid', gap: 2 }}>
            <ClusterDetailsFields
              value={details}
              onChange={setDetails}
              withCompanies={!ownerCompanyId}
            />
            <ErrorAlert error={create.error} />
            <Box sx={{ display: 'flex', gap: 1 }}>
              <Button onClick={() => setStep(2)}>{t('common.back')}</Button>
              <Button variant="contained" onClick={save} disabled={create.isPending}>
                {t('clusters.create.save')}
              </Button>
            </Box>
          </Box>
        )}
      </Paper>
    </>
  );
}
