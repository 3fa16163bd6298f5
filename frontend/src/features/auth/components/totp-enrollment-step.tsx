import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QrCode } from '@/components/qr-code';
import { useErrorMessage } from '@/components/error-alert';
import { isApiError } from '@/lib/api-error';
import { sessionStore } from '@/lib/session-store';
import { useConfirmTotpEnrollment, useEnrollTotp } from '../api/totp-enroll';

const cleanCode = (code: string) => code.replace(/\s+/g, '');

/**
 * The login step for an account that must have 2FA but has none: secret → code → recovery codes
 * (shown once) → session. The session is stored only after the codes were acknowledged, so the
 * login page cannot redirect away while they are on screen.
 */
export function TotpEnrollmentStep({
  enrollmentToken,
  onSuccess,
  onBack,
}: {
  enrollmentToken: string;
  onSuccess: () => void;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  const generic = useErrorMessage();
  const enroll = useEnrollTotp();
  const confirm = useConfirmTotpEnrollment();
  const [code, setCode] = useState('');
  const codeValid = /^\d{6}$/.test(cleanCode(code));

  const errorText = (error: unknown) => {
    if (isApiError(error) && error.code === 'TOTP_INVALID') return t('auth.login.invalidTotp');
    if (isApiError(error) && error.code === 'UNAUTHENTICATED') return t('auth.enroll.expired');
    return generic(error);
  };
  const error = confirm.error ?? enroll.error;

  if (confirm.data) {
    const { recoveryCodes, ...session } = confirm.data;
    return (
      <Box sx={{ display: 'grid', gap: 2 }}>
        <Alert severity="success">{t('auth.enroll.recoveryIntro')}</Alert>
        <Box
          component="pre"
          data-testid="recovery-codes"
          sx={{ m: 0, p: 2, bgcolor: 'action.hover', borderRadius: 1, fontFamily: 'monospace' }}
        >
          {recoveryCodes.join('\n')}
        </Box>
        <Button
          variant="contained"
          size="large"
          onClick={() => {
            sessionStore.setSession(session);
            onSuccess();
          }}
        >
          {t('auth.enroll.continue')}
        </Button>
      </Box>
    );
  }

  return (
    <Box
      component="form"
      noValidate
      sx={{ display: 'grid', gap: 2 }}
      onSubmit={(e) => {
        e.preventDefault();
        if (codeValid) confirm.mutate({ enrollmentToken, code: cleanCode(code) });
      }}
    >
      <Alert severity="info">{t('auth.enroll.intro')}</Alert>
      {error && <Alert severity="error">{errorText(error)}</Alert>}
      {enroll.data ? (
        <>
          <Typography>{t('auth.enroll.scanIntro')}</Typography>
          <QrCode text={enroll.data.otpauthUrl} label={t('auth.enroll.qrLabel')} />
          <Link href={enroll.data.otpauthUrl} sx={{ wordBreak: 'break-all' }}>
            {t('auth.enroll.openApp')}
          </Link>
          <TextField
            label={t('auth.enroll.secret')}
            value={enroll.data.secret}
            slotProps={{ input: { readOnly: true }, htmlInput: { 'data-testid': 'totp-secret' } }}
          />
          <TextField
            label={t('auth.login.totpCode')}
            value={code}
            onChange={(e) => setCode(e.target.value)}
            autoComplete="one-time-code"
            autoFocus
            slotProps={{ htmlInput: { inputMode: 'numeric' } }}
          />
          <Button
            type="submit"
            variant="contained"
            size="large"
            disabled={!codeValid || confirm.isPending}
          >
            {t('auth.enroll.confirm')}
          </Button>
        </>
      ) : (
        <Button
          variant="contained"
          size="large"
          disabled={enroll.isPending}
          onClick={() => enroll.mutate(enrollmentToken)}
        >
          {t('auth.enroll.start')}
        </Button>
      )}
      <Typography variant="body2" color="text.secondary">
        {t('auth.enroll.ssoNote')}
      </Typography>
      <Button onClick={onBack}>{t('common.back')}</Button>
    </Box>
  );
}
