import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Divider from '@mui/material/Divider';
import Link from '@mui/material/Link';
import { lazy, Suspense, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router-dom';
import { FormTextField } from '@/components/form-text-field';
import { useErrorMessage } from '@/components/error-alert';
import { isApiError } from '@/lib/api-error';
import { useLogin } from '../api/login';
import { usePasskeyLogin } from '../api/passkey-login';
import { loginResolver, totpResolver } from '../api/login-resolvers';
import type { LoginForm as Credentials, TotpForm } from '../api/schemas';
import { portalSsoLoginUrl, ssoLoginUrl } from '../api/sso';
import { useBranding } from '@/lib/branding';
import { LoadingScreen } from '@/components/loading-screen';

// Only an account that must set up 2FA sees this step, and it carries the QR-code encoder.
const TotpEnrollmentStep = lazy(() =>
  import('./totp-enrollment-step').then((m) => ({ default: m.TotpEnrollmentStep })),
);

function useLoginErrorMessage() {
  const { t } = useTranslation();
  const generic = useErrorMessage();
  return (error: unknown) => {
    if (isApiError(error) && error.code === 'INVALID_CREDENTIALS') return t('auth.login.invalid');
    if (isApiError(error) && error.code === 'TOTP_INVALID') return t('auth.login.invalidTotp');
    if (isApiError(error) && error.code === 'RATE_LIMITED') {
      const seconds = retryAfterSeconds(error.details);
      if (!seconds) return t('auth.login.rateLimited');
      const wait =
        seconds < 60
          ? t('auth.login.waitSeconds', { count: seconds })
          : t('auth.login.waitMinutes', { count: Math.ceil(seconds / 60) });
      return t('auth.login.lockedFor', { wait });
    }
    return generic(error);
  };
}

/** The wait a RATE_LIMITED answer names (the API sends it with the lockout of an account). */
function retryAfterSeconds(details: unknown): number | null {
  const value = (details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  return typeof value === 'number' && value > 0 ? Math.ceil(value) : null;
}

/**
 * Two steps: email + password, then (only when the API answers `totp_required`) a one-time code.
 * The credentials are kept in memory between steps and re-posted with the code. An account that
 * must have 2FA but has none gets `totp_enrollment_required` and sets it up before any session.
 */
export function LoginForm({
  onSuccess,
  navigate = (url: string) => window.location.assign(url),
}: {
  onSuccess: () => void;
  navigate?: (url: string) => void;
}) {
  const { t } = useTranslation();
  const errorMessage = useLoginErrorMessage();
  const loginMutation = useLogin();
  const [credentials, setCredentials] = useState<Credentials | null>(null);
  const [enrollmentToken, setEnrollmentToken] = useState<string | null>(null);
  const [passkeyRequired, setPasskeyRequired] = useState(false);
  const passkey = usePasskeyLogin();
  const signInWithPasskey = async () => {
    loginMutation.reset();
    const result = await passkey.mutateAsync().catch(() => null);
    if (result?.status === 'ok') onSuccess();
  };

  const form = useForm<Credentials>({
    resolver: loginResolver,
    defaultValues: { email: '', password: '' },
  });
  const totpForm = useForm<TotpForm>({
    resolver: totpResolver,
    defaultValues: { totpCode: '' },
  });

  const submitCredentials = form.handleSubmit(async (values) => {
    const result = await loginMutation.mutateAsync(values).catch(() => null);
    if (!result) return;
    if (result.status === 'totp_required') setCredentials(values);
    else if (result.status === 'passkey_required') {
      form.resetField('password');
      setPasskeyRequired(true);
    } else if (result.status === 'totp_enrollment_required') {
      form.resetField('password');
      setEnrollmentToken(result.enrollmentToken);
    } else onSuccess();
  });

  const submitTotp = totpForm.handleSubmit(async ({ totpCode }) => {
    if (!credentials) return;
    const result = await loginMutation
      .mutateAsync({ ...credentials, totpCode: totpCode.replace(/\s+/g, '') })
      .catch(() => null);
    if (result?.status === 'ok') onSuccess();
  });

  // On a company's own address the button needs no email: that company's directory is the one.
  const portalName = useBranding()?.hostCompanyName ?? null;
  const startSso = async () => {
    if (portalName) return navigate(portalSsoLoginUrl());
    const valid = await form.trigger('email');
    if (valid) navigate(ssoLoginUrl(form.getValues('email')));
  };

  if (enrollmentToken) {
    return (
      <Suspense fallback={<LoadingScreen />}>
        <TotpEnrollmentStep
          enrollmentToken={enrollmentToken}
          onSuccess={onSuccess}
          onBack={() => {
            loginMutation.reset();
            setEnrollmentToken(null);
          }}
        />
      </Suspense>
    );
  }

  if (credentials) {
    return (
      <Box component="form" noValidate onSubmit={submitTotp} sx={{ display: 'grid', gap: 2 }}>
        <Alert severity="info">{t('auth.login.totpPrompt')}</Alert>
        {loginMutation.error && <Alert severity="error">{errorMessage(loginMutation.error)}</Alert>}
        <FormTextField
          control={totpForm.control}
          name="totpCode"
          label={t('auth.login.totpCode')}
          autoComplete="one-time-code"
          autoFocus
          slotProps={{ htmlInput: { inputMode: 'numeric' } }}
          helperText={t('auth.login.totpHelp')}
        />
        <Button type="submit" variant="contained" size="large" disabled={loginMutation.isPending}>
          {t('auth.login.verify')}
        </Button>
        <Button
          onClick={() => {
            loginMutation.reset();
            totpForm.reset();
            setCredentials(null);
          }}
        >
          {t('common.back')}
        </Button>
      </Box>
    );
  }

  return (
    <Box component="form" noValidate onSubmit={submitCredentials} sx={{ display: 'grid', gap: 2 }}>
      {loginMutation.error && <Alert severity="error">{errorMessage(loginMutation.error)}</Alert>}
      {passkey.error && <Alert severity="error">{errorMessage(passkey.error)}</Alert>}
      {passkeyRequired && <Alert severity="info">{t('auth.passkey.required')}</Alert>}
      <FormTextField
        control={form.control}
        name="email"
        type="email"
        label={t('auth.fields.email')}
        autoComplete="username"
        autoFocus
      />
      <FormTextField
        control={form.control}
        name="password"
        type="password"
        label={t('auth.fields.password')}
        autoComplete="current-password"
      />
      <Box sx={{ textAlign: 'right', mt: -1 }}>
        <Link component={RouterLink} to="/forgot-password" variant="body2">
          {t('auth.login.forgot')}
        </Link>
      </Box>
      <Button type="submit" variant="contained" size="large" disabled={loginMutation.isPending}>
        {t('auth.login.submit')}
      </Button>
      <Divider>{t('common.or')}</Divider>
      <Button
        variant={passkeyRequired ? 'contained' : 'outlined'}
        size="large"
        disabled={passkey.isPending}
        onClick={() => void signInWithPasskey()}
      >
        {t('auth.passkey.signIn')}
      </Button>
      <Button variant="outlined" size="large" onClick={() => void startSso()}>
        {portalName ? t('auth.login.ssoPortal', { name: portalName }) : t('auth.login.sso')}
      </Button>
    </Box>
  );
}
