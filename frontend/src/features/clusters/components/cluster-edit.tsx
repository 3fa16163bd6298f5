import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormControlLabel from '@mui/material/FormControlLabel';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { ErrorAlert } from '@/components/error-alert';
import { PageHeader } from '@/components/page-header';
import { useUpdateCluster } from '../api/cluster-mutations';
import { useCluster } from '../api/get-cluster';
import type { ClusterView, UpdateClusterInput } from '../api/types';
import { ClusterDetailsFields, splitTags, type ClusterDetails } from './cluster-form';

/** Edit page: loads the cluster, then hands it to the form (so the form starts from saved values). */
export function ClusterEditPage() {
  const { t } = useTranslation();
  const { clusterId = '' } = useParams();
  const cluster = useCluster(clusterId);
  return (
    <>
      <PageHeader
        title={t('clusters.edit.title', { name: cluster.data?.name ?? '' })}
        subtitle={t('clusters.edit.subtitle')}
      />
      <ErrorAlert error={cluster.error} sx={{ mb: 2 }} />
      {cluster.data && <ClusterEditForm cluster={cluster.data} />}
    </>
  );
}

function ClusterEditForm({ cluster }: { cluster: ClusterView }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const update = useUpdateCluster();
  const [name, setName] = useState(cluster.name);
  const [details, setDetails] = useState<ClusterDetails>({
    location: cluster.location ?? '',
    tags: cluster.tags.join(', '),
    allowedCompanyIds: cluster.allowedCompanyIds,
  });
  const [healthInterval, setHealthInterval] = useState(String(cluster.healthIntervalSec));
  const [syncInterval, setSyncInterval] = useState(String(cluster.syncIntervalSec));
  const [replaceAuth, setReplaceAuth] = useState(false);
  const [authType, setAuthType] = useState(cluster.authType);
  const [user, setUser] = useState(cluster.authUser);
  const [secret, setSecret] = useState('');

  const save = () => {
    const input: UpdateClusterInput = {
      name: name.trim(),
      location: details.location.trim(),
      tags: splitTags(details.tags),
      allowedCompanyIds: details.allowedCompanyIds,
      healthIntervalSec: Number(healthInterval),
      syncIntervalSec: Number(syncInterval),
      ...(replaceAuth
        ? {
            credentials:
              authType === 'token'
                ? { type: 'token' as const, tokenId: user.trim(), secret }
                : { type: 'password' as const, username: user.trim(), password: secret },
          }
        : {}),
    };
    update.mutate(
      { id: cluster.id, input },
      { onSuccess: () => void navigate(`/clusters/${cluster.id}`) },
    );
  };

  return (
    <Paper variant="outlined" sx={{ p: 3, maxWidth: 760, display: 'grid', gap: 2 }}>
      <TextField
        label={t('clusters.fields.name')}
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      <ClusterDetailsFields value={details} onChange={setDetails} />
      <Box sx={{ display: 'flex', gap: 2 }}>
        <TextField
          type="number"
          label={t('clusters.edit.healthInterval')}
          value={healthInterval}
          onChange={(e) => setHealthInterval(e.target.value)}
          slotProps={{ htmlInput: { min: 10, max: 3600 } }}
        />
        <TextField
          type="number"
          label={t('clusters.edit.syncInterval')}
          value={syncInterval}
          onChange={(e) => setSyncInterval(e.target.value)}
          slotProps={{ htmlInput: { min: 15, max: 86400 } }}
        />
      </Box>
      <FormControlLabel
        control={
          <Switch checked={replaceAuth} onChange={(e) => setReplaceAuth(e.target.checked)} />
        }
        label={t('clusters.edit.replaceAuth', { user: cluster.authUser })}
      />
      {replaceAuth && (
        <>
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
            value={user}
            onChange={(e) => setUser(e.target.value)}
          />
          <TextField
            type="password"
            autoComplete="off"
            label={
              authType === 'token'
                ? t('clusters.create.tokenSecret')
                : t('clusters.create.passwordField')
            }
            value={secret}
            onChange={(e) => setSecret(e.target.value)}
          />
        </>
      )}
      <ErrorAlert error={update.error} />
      <Box sx={{ display: 'flex', gap: 1 }}>
        <Button onClick={() => void navigate(`/clusters/${cluster.id}`)}>
          {t('common.cancel')}
        </Button>
        <Button
          variant="contained"
          onClick={save}
          disabled={!name.trim() || update.isPending || (replaceAuth && !secret)}
        >
          {t('common.save')}
        </Button>
      </Box>
    </Paper>
  );
}
