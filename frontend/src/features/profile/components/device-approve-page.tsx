import { normalizeUserCode } from '@multpanel/contracts/device-login';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { ErrorAlert } from '@/components/error-alert';
import { LoadingScreen } from '@/components/loading-screen';
import { PageHeader } from '@/components/page-header';
import { formatDateTime } from '@/lib/format-time';
import { useSession } from '@/lib/session-store';
import { useDecideDeviceRequest, useDeviceRequest } from '../api/device-login';

/**
 * /device: where `multpanel login --device` sends the person. The code comes in the link (?code=) or is
 * typed; the page shows which client asks, from where, and approves or denies it.
 */
export function DeviceApprovePage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const code = normalizeUserCode(params.get('code') ?? '');

  return (
    <Box sx={{ maxWidth: 640 }}>
      <PageHeader title={t('profile.device.title')} subtitle={t('profile.device.subtitle')} />
      {code ? (
        <DeviceRequestCard key={code} userCode={code} />
      ) : (
        <CodeForm initial={params.get('code') ?? ''} onCode={(c) => setParams({ code: c })} />
      )}
    </Box>
  );
}

function CodeForm({ initial, onCode }: { initial: string; onCode: (code: string) => void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState(initial);
  const [invalid, setInvalid] = useState(initial !== '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const code = normalizeUserCode(value);
    if (code) onCode(code);
    else setInvalid(true);
  };
  return (
    <Card>
      <CardContent component="form" onSubmit={submit} sx={{ display: 'grid', gap: 2 }}>
        <TextField
          label={t('profile.device.code')}
          value={value}
          onChange={(e) => {
            setValue(e.target.value);
            setInvalid(false);
          }}
          error={invalid}
          helperText={invalid ? t('profile.device.codeInvalid') : t('profile.device.codeHint')}
          autoFocus
          slotProps={{ htmlInput: { autoComplete: 'off', spellCheck: false } }}
        />
        <Box>
          <Button type="submit" variant="contained">
            {t('profile.device.continue')}
          </Button>
        </Box>
      </CardContent>
    </Card>
  );
}

function DeviceRequestCard({ userCode }: { userCode: string }) {
  const { t } = useTranslation();
  const session = useSession();
  const request = useDeviceRequest(userCode);
  const decide = useDecideDeviceRequest(userCode);
  const email = session.status === 'authenticated' ? session.user.email : '';

  if (request.isPending) return <LoadingScreen />;
  if (request.error) return <ErrorAlert error={request.error} />;
  const r = request.data;

  return (
    <Card>
      <CardContent sx={{ display: 'grid', gap: 2 }}>
        <Typography variant="h6" component="p" sx={{ fontFamily: 'monospace' }}>
          {r.userCode}
        </Typography>
        <Box component="dl" sx={{ display: 'grid', gridTemplateColumns: 'auto 1fr', gap: 1, m: 0 }}>
          <dt>{t('profile.device.client')}</dt>
          <dd>{r.clientName ?? t('profile.device.unnamed')}</dd>
          <dt>{t('profile.device.from')}</dt>
          <dd>{r.ip ?? '—'}</dd>
          <dt>{t('profile.device.requested')}</dt>
          <dd>{formatDateTime(r.createdAt)}</dd>
          <dt>{t('profile.device.expires')}</dt>
          <dd>{formatDateTime(r.expiresAt)}</dd>
        </Box>
        {r.status === 'approved' ? (
          <Alert severity="success">{t('profile.device.approved')}</Alert>
        ) : r.status === 'denied' ? (
          <Alert severity="info">{t('profile.device.denied')}</Alert>
        ) : (
          <>
            <Alert severity="warning">{t('profile.device.warning', { email })}</Alert>
            <ErrorAlert error={decide.error} />
            <Stack direction="row" spacing={1}>
              <Button
                variant="contained"
                disabled={decide.isPending}
                onClick={() => decide.mutate('approve')}
              >
                {t('profile.device.approve')}
              </Button>
              <Button
                color="error"
                disabled={decide.isPending}
                onClick={() => decide.mutate('deny')}
              >
                {t('profile.device.deny')}
              </Button>
            </Stack>
          </>
        )}
      </CardContent>
    </Card>
  );
}
