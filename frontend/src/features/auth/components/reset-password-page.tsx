import { zodResolver } from '@hookform/resolvers/zod';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useSearchParams } from 'react-router-dom';
import { ErrorAlert } from '@/components/error-alert';
import { FormTextField } from '@/components/form-text-field';
import { useResetPassword } from '../api/reset-password';
import { resetSchema, type ResetForm } from '../api/schemas';
import { AuthLayout } from './auth-layout';

/**
 * Serves both the reset link and the invitation link (`?invite=1` or `mode="invite"`): both set a
 * password by token.
 */
export function ResetPasswordPage({ mode: forcedMode }: { mode?: 'reset' | 'invite' }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const mode = forcedMode ?? (params.get('invite') === '1' ? 'invite' : 'reset');
  const token = params.get('token') ?? '';
  const mutation = useResetPassword();
  const form = useForm<ResetForm>({
    resolver: zodResolver(resetSchema),
    defaultValues: { password: '', confirm: '' },
  });
  const submit = form.handleSubmit(({ password }) => mutation.mutate({ token, password }));
  const copy = mode === 'invite' ? 'auth.invite' : 'auth.reset';

  return (
    <AuthLayout title={t(`${copy}.title`)} subtitle={t(`${copy}.subtitle`)}>
      {!token ? (
        <Alert severity="error">{t('auth.reset.missingToken')}</Alert>
      ) : mutation.isSuccess ? (
        <Alert severity="success">{t('auth.reset.done')}</Alert>
      ) : (
        <Box component="form" noValidate onSubmit={submit} sx={{ display: 'grid', gap: 2 }}>
          <ErrorAlert error={mutation.error} />
          <FormTextField
            control={form.control}
            name="password"
            type="password"
            label={t('auth.fields.newPassword')}
            autoComplete="new-password"
            helperText={t('auth.fields.passwordHint')}
            autoFocus
          />
          <FormTextField
            control={form.control}
            name="confirm"
            type="password"
            label={t('auth.fields.confirmPassword')}
            autoComplete="new-password"
          />
          <Button type="submit" variant="contained" size="large" disabled={mutation.isPending}>
            {t(`${copy}.submit`)}
          </Button>
        </Box>
      )}
      <Box sx={{ mt: 2, textAlign: 'center' }}>
        <Link component={RouterLink} to="/login">
          {t('auth.backToLogin')}
        </Link>
      </Box>
    </AuthLayout>
  );
}
