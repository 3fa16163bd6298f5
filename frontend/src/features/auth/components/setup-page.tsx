import { zodResolver } from '@hookform/resolvers/zod';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router-dom';
import { ErrorAlert } from '@/components/error-alert';
import { FormTextField } from '@/components/form-text-field';
import { LoadingScreen } from '@/components/loading-screen';
import { useSetupStatus } from '../api/get-setup-status';
import { login } from '../api/login';
import { useRunSetup } from '../api/run-setup';
import { setupSchema, type SetupForm } from '../api/schemas';
import { sessionStore } from '@/lib/session-store';
import { AuthLayout } from './auth-layout';

/** First-run page: creates the first super_admin, then signs them in. */
export function SetupPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const status = useSetupStatus();
  const mutation = useRunSetup();
  const form = useForm<SetupForm>({
    resolver: zodResolver(setupSchema),
    defaultValues: { name: '', email: '', password: '', confirm: '' },
  });

  const submit = form.handleSubmit(async ({ name, email, password }) => {
    const created = await mutation.mutateAsync({ name, email, password }).then(
      () => true,
      () => false,
    );
    if (!created) return;
    const result = await login({ email, password }).catch(() => null);
    if (result?.status === 'ok') sessionStore.setSession(result);
    void navigate(result?.status === 'ok' ? '/' : '/login', { replace: true });
  });

  if (status.isPending) return <LoadingScreen fullPage />;
  if (status.data && !status.data.needsSetup && !mutation.isSuccess)
    return <Navigate to="/login" replace />;

  return (
    <AuthLayout title={t('auth.setup.title')} subtitle={t('auth.setup.subtitle')}>
      <Box component="form" noValidate onSubmit={submit} sx={{ display: 'grid', gap: 2 }}>
        <ErrorAlert error={mutation.error ?? status.error} />
        <FormTextField control={form.control} name="name" label={t('auth.fields.name')} autoFocus />
        <FormTextField
          control={form.control}
          name="email"
          type="email"
          label={t('auth.fields.email')}
          autoComplete="username"
        />
        <FormTextField
          control={form.control}
          name="password"
          type="password"
          label={t('auth.fields.password')}
          autoComplete="new-password"
          helperText={t('auth.fields.passwordHint')}
        />
        <FormTextField
          control={form.control}
          name="confirm"
          type="password"
          label={t('auth.fields.confirmPassword')}
          autoComplete="new-password"
        />
        <Button
          type="submit"
          variant="contained"
          size="large"
          disabled={form.formState.isSubmitting}
        >
          {t('auth.setup.submit')}
        </Button>
      </Box>
    </AuthLayout>
  );
}
