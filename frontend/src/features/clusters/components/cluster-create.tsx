import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Step from '@mui/material/Step';
import StepLabel from '@mui/material/StepLabel';
import Stepper from '@mui/material/Stepper';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ErrorAlert } from '@/components/error-alert';
import { PageHeader } from '@/components/page-header';
import {
  useCreateCluster,
  useProbeFingerprint,
  useTestUnsavedCluster,
} from '../api/cluster-mutations';
import type { CreateClusterInput, ProbedFingerprint } from '../api/types';

type Credentials = CreateClusterInput['credentials'];

/**
 * Add-cluster wizard: read the certificate and have a person confirm its fingerprint (trust on
 * first use), try the credentials, then name and save. Nothing is stored before the last step.
 */
export function ClusterCreatePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const probe = useProbeFingerprint();
  const test = useTestUnsavedCluster();
  const create = useCreateCluster();

  const [step, setStep] = useState(0);
  const [url, setUrl] = useState('');
  const [cert, setCert] = useState<ProbedFingerprint | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [authType, setAuthType] = useState<'token' | 'password'>('token');
  const [user, setUser] = useState('');
  const [secret, setSecret] = useState('');
  const [name, setName] = useState('');
  const [location, setLocation] = useState('');
  const [tags, setTags] = useState('');

  const credentials: Credentials =
    authType === 'token'
      ? { type: 'token', tokenId: user.trim(), secret }
      : { type: 'password', username: user.trim(), password: secret };
  const endpoints = cert ? [{ url: url.trim(), fingerprint: cert.fingerprint }] : [];

  const readCertificate = () =>
    probe.mutate(url.trim(), {
      onSuccess: (c) => {
        setCert(c);
        setConfirmed(false);
      },
    });

  const runTest = () => test.mutate({ endpoints, credentials });

  const save = () =>
    create.mutate(
      {
        name: name.trim(),
        endpoints,
        credentials,
        location: location.trim() || undefined,
        tags: tags
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
        allowedCompanyIds: [],
        healthIntervalSec: 30,
        syncIntervalSec: 60,
      },
      { onSuccess: () => void navigate('/clusters') },
    );

  return (
    <>
      <PageHeader title={t('clusters.create.title')} subtitle={t('clusters.create.subtitle')} />
      <Stepper activeStep={step} sx={{ mb: 3 }}>
        {(['endpoint', 'credentials', 'details'] as const).map((s) => (
          <Step key={s}>
            <StepLabel>{t(`clusters.create.steps.${s}`)}</StepLabel>
          </Step>
        ))}
      </Stepper>
      <Paper variant="outlined" sx={{ p: 3, maxWidth: 720 }}>
        {step === 0 && (
          <Box sx={{ display: 'grid', gap: 2 }}>
            <TextField
              label={t('clusters.create.url')}
              helperText={t('clusters.create.urlHint')}
              value={url}
              onChange={(e) => {
                setUrl(e.target.value);
                setCert(null);
              }}
            />
            <Box>
              <Button
                variant="outlined"
                onClick={readCertificate}
                disabled={!url.trim() || probe.isPending}
              >
                {t('clusters.create.readCertificate')}
              </Button>
            </Box>
            <ErrorAlert error={probe.error} />
            {cert && (
              <Alert severity="info">
                <Typography variant="body2">{t('clusters.create.fingerprint')}</Typography>
                <Typography
                  component="code"
                  sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}
                >
                  {cert.fingerprint}
                </Typography>
                <Typography variant="body2" sx={{ mt: 1 }}>
                  {cert.subject} · {t('clusters.create.validTo', { date: cert.validTo })}
                </Typography>
                <FormControlLabel
                  sx={{ mt: 1 }}
                  control={
                    <Checkbox
                      checked={confirmed}
                      onChange={(e) => setConfirmed(e.target.checked)}
                    />
                  }
                  label={t('clusters.create.confirmFingerprint')}
                />
              </Alert>
            )}
            <Box>
              <Button variant="contained" disabled={!cert || !confirmed} onClick={() => setStep(1)}>
                {t('clusters.create.next')}
              </Button>
            </Box>
          </Box>
        )}
        {step === 1 && (
          <Box sx={{ display: 'grid', gap: 2 }}>
            <TextField
              select
              label={t('clusters.create.authType')}
              value={authType}
              onChange={(e) => setAuthType(e.target.value as 'token' | 'password')}
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
              onChange={(e) => setUser(e.target.value)}
            />
            <TextField
              type="password"
              label={
                authType === 'token'
                  ? t('clusters.create.tokenSecret')
                  : t('clusters.create.passwordField')
              }
              value={secret}
              onChange={(e) => setSecret(e.target.value)}
              autoComplete="off"
            />
            <Box sx={{ display: 'flex', gap: 1 }}>
              <Button onClick={() => setStep(0)}>{t('common.back')}</Button>
              <Button
                variant="outlined"
                onClick={runTest}
                disabled={!user || !secret || test.isPending}
              >
                {t('clusters.create.test')}
              </Button>
            </Box>
            <ErrorAlert error={test.error} />
            {test.data && (
              <Alert severity={test.data.ok ? 'success' : 'error'}>
                {test.data.ok
                  ? t('clusters.create.testOk', {
                      version: test.data.version,
                      nodes: test.data.nodes.length,
                      latency: test.data.latencyMs,
                    })
                  : test.data.error}
                {test.data.ok && test.data.missingPermissions.length > 0 && (
                  <Typography variant="body2" sx={{ mt: 1 }}>
                    {t('clusters.create.missingPermissions', {
                      list: test.data.missingPermissions.join(', '),
                    })}
                  </Typography>
                )}
              </Alert>
            )}
            <Box>
              <Button
                variant="contained"
                disabled={!test.data?.ok}
                onClick={() => {
                  if (!name && test.data?.clusterName) setName(test.data.clusterName);
                  setStep(2);
                }}
              >
                {t('clusters.create.next')}
              </Button>
            </Box>
          </Box>
        )}
        {step === 2 && (
          <Box sx={{ display: 'grid', gap: 2 }}>
            <TextField
              label={t('clusters.fields.name')}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
            <TextField
              label={t('clusters.fields.location')}
              value={location}
              onChange={(e) => setLocation(e.target.value)}
            />
            <TextField
              label={t('clusters.fields.tags')}
              helperText={t('clusters.create.tagsHint')}
              value={tags}
              onChange={(e) => setTags(e.target.value)}
            />
            <ErrorAlert error={create.error} />
            <Box sx={{ display: 'flex', gap: 1 }}>
              <Button onClick={() => setStep(1)}>{t('common.back')}</Button>
              <Button
                variant="contained"
                onClick={save}
                disabled={!name.trim() || create.isPending}
              >
                {t('clusters.create.save')}
              </Button>
            </Box>
          </Box>
        )}
      </Paper>
    </>
  );
}
