import { zodResolver } from '@hookform/resolvers/zod';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router-dom';
import { ErrorAlert } from '@/components/error-alert';
import { FormTextField } from '@/components/form-text-field';
import { useForgotPassword } from '../api/forgot-password';
import { forgotSchema, type ForgotForm } from '../api/schemas';
import { AuthLayout } from './auth-layout';

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const mutation = useForgotPassword();
  const form = useForm<ForgotForm>({
    resolver: zodResolver(forgotSchema),
    defaultValues: { email: '' },
  });
  const submit = form.handleSubmit((values) => mutation.mutate(values));

  return (
    <AuthLayout title={t('auth.forgot.title')} subtitle={t('auth.forgot.subtitle')}>
      {mutation.isSuccess ? (
        // Same answer whether or not the address exists, so the page cannot be used to probe accounts.
        <Alert severity="success">{t('auth.forgot.sent')}</Alert>
      ) : (
        <Box component="form" noValidate onSubmit={submit} sx={{ display: 'grid', gap: 2 }}>
          <ErrorAlert error={mutation.error} />
          <FormTextField
            control={form.control}
            name="email"
            type="email"
            label={t('auth.fields.email')}
            autoComplete="username"
            autoFocus
          />
          <Button type="submit" variant="contained" size="large" disabled={mutation.isPending}>
            {t('auth.forgot.submit')}
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
