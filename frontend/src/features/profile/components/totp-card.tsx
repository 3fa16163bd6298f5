import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import CardHeader from '@mui/material/CardHeader';
import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QrCode } from '@/components/qr-code';
import { ErrorAlert } from '@/components/error-alert';
import { useDisableTotp } from '../api/totp-disable';
import { useEnableTotp } from '../api/totp-enable';
import { useSetupTotp } from '../api/totp-setup';

const cleanCode = (code: string) => code.replace(/\s+/g, '');

/**
 * Enrol (secret → confirm with a code → recovery codes shown once) or turn 2FA off. When a company
 * or platform policy requires 2FA (`required`), turning it off is not offered (the API refuses too).
 */
export function TotpCard({
  enabled,
  required = false,
}: {
  enabled: boolean | undefined;
  required?: boolean;
}) {
  const { t } = useTranslation();
  const setup = useSetupTotp();
  const enable = useEnableTotp();
  const disable = useDisableTotp();
  const [code, setCode] = useState('');
  const [disableCode, setDisableCode] = useState('');

  const codeValid = /^\d{6}$/.test(cleanCode(code));

  const disableForm = (
    <>
      <ErrorAlert error={disable.error} />
      {disable.isSuccess ? (
        <Alert severity="info">{t('profile.totp.disabled')}</Alert>
      ) : (
        <Box sx={{ display: 'flex', gap: 1, alignItems: 'flex-start', flexWrap: 'wrap' }}>
          <TextField
            label={t('profile.totp.disableCode')}
            value={disableCode}
            onChange={(e) => setDisableCode(e.target.value)}
            slotProps={{ htmlInput: { inputMode: 'numeric' } }}
            sx={{ maxWidth: 220 }}
          />
          <Button
            color="error"
            variant="outlined"
            disabled={!/^\d{6}$/.test(cleanCode(disableCode)) || disable.isPending}
            onClick={() => disable.mutate({ code: cleanCode(disableCode) })}
          >
            {t('profile.totp.disable')}
          </Button>
        </Box>
      )}
    </>
  );

  return (
    <Card>
      <CardHeader
        title={t('profile.totp.title')}
        subheader={t('profile.totp.subtitle')}
        action={
          enabled !== undefined && (
            <Chip
              color={enabled ? 'success' : 'default'}
              label={t(enabled ? 'profile.totp.on' : 'profile.totp.off')}
            />
          )
        }
      />
      <CardContent sx={{ pt: 0, display: 'grid', gap: 2 }}>
        {enable.data ? (
          <>
            <Alert severity="success">{t('profile.totp.enabled')}</Alert>
            <Typography>{t('profile.totp.recoveryIntro')}</Typography>
            <Box
              component="pre"
              data-testid="recovery-codes"
              sx={{ m: 0, p: 2, bgcolor: 'action.hover', borderRadius: 1, fontFamily: 'monospace' }}
            >
              {enable.data.recoveryCodes.join('\n')}
            </Box>
          </>
        ) : setup.data ? (
          <>
            <Typography>{t('profile.totp.scanIntro')}</Typography>
            <QrCode text={setup.data.otpauthUrl} label={t('profile.totp.qrLabel')} />
            <Link href={setup.data.otpauthUrl} sx={{ wordBreak: 'break-all' }}>
              {t('profile.totp.openApp')}
            </Link>
            <TextField
              label={t('profile.totp.secret')}
              value={setup.data.secret}
              slotProps={{ input: { readOnly: true }, htmlInput: { 'data-testid': 'totp-secret' } }}
            />
            <ErrorAlert error={enable.error} />
            <TextField
              label={t('auth.login.totpCode')}
              value={code}
              onChange={(e) => setCode(e.target.value)}
              autoComplete="one-time-code"
              slotProps={{ htmlInput: { inputMode: 'numeric' } }}
            />
            <Box>
              <Button
                variant="contained"
                disabled={!codeValid || enable.isPending}
                onClick={() => enable.mutate({ code: cleanCode(code) })}
              >
                {t('profile.totp.confirm')}
              </Button>
            </Box>
          </>
        ) : enabled ? (
          required ? (
            <Alert severity="info">{t('profile.totp.required')}</Alert>
          ) : (
            disableForm
          )
        ) : (
          <>
            <ErrorAlert error={setup.error} />
            <Box>
              <Button variant="contained" disabled={setup.isPending} onClick={() => setup.mutate()}>
                {t('profile.totp.start')}
              </Button>
            </Box>
            {/* The API may not say whether 2FA is on; then turning it off stays reachable too. */}
            {enabled === undefined && (
              <>
                <Typography variant="body2" color="text.secondary">
                  {t('profile.totp.alreadyOn')}
                </Typography>
                {disableForm}
              </>
            )}
          </>
        )}
      </CardContent>
    </Card>
  );
}
