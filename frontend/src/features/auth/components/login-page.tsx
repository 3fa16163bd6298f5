import Alert from '@mui/material/Alert';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { LoadingScreen } from '@/components/loading-screen';
import { useSession } from '@/lib/session-store';
import { useSetupStatus } from '../api/get-setup-status';
import { safeNextPath } from '../safe-next-path';
import { AuthLayout } from './auth-layout';
import { LoginForm } from './login-form';
import { ssoErrorMessage } from '../sso-error-message';

export function LoginPage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const setup = useSetupStatus();
  const next = safeNextPath(params.get('next'));
  const ssoError = params.get('error');

  if (session.status === 'authenticated') return <Navigate to={next} replace />;
  if (setup.isPending) return <LoadingScreen fullPage />;
  if (setup.data?.needsSetup) return <Navigate to="/setup" replace />;

  return (
    <AuthLayout title={t('auth.login.title')} subtitle={t('auth.login.subtitle')}>
      {session.status === 'anonymous' && session.reason === 'expired' && (
        <Alert severity="warning" sx={{ mb: 2 }}>
          {t('auth.login.expired')}
        </Alert>
      )}
      {ssoError && (
        <Alert severity="error" sx={{ mb: 2 }}>
          {ssoErrorMessage(t, ssoError)}
        </Alert>
      )}
      <LoginForm onSuccess={() => void navigate(next, { replace: true })} />
    </AuthLayout>
  );
}
