import { zodResolver } from '@hookform/resolvers/zod';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import CardHeader from '@mui/material/CardHeader';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { ErrorAlert } from '@/components/error-alert';
import { FormTextField } from '@/components/form-text-field';
import { useChangePassword } from '../api/change-password';

const schema = z
  .object({
    currentPassword: z.string().min(1, 'validation.required'),
    newPassword: z.string().min(10, 'validation.passwordMin').max(200),
    confirm: z.string(),
  })
  .refine((v) => v.newPassword === v.confirm, {
    path: ['confirm'],
    message: 'validation.mismatch',
  });
type Values = z.infer<typeof schema>;

export function PasswordCard() {
  const { t } = useTranslation();
  const mutation = useChangePassword();
  const form = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { currentPassword: '', newPassword: '', confirm: '' },
  });
  const submit = form.handleSubmit(({ currentPassword, newPassword }) =>
    mutation.mutate({ currentPassword, newPassword }, { onSuccess: () => form.reset() }),
  );

  return (
    <Card>
      <CardHeader title={t('profile.password.title')} subheader={t('profile.password.subtitle')} />
      <CardContent sx={{ pt: 0 }}>
        <Box component="form" noValidate onSubmit={submit} sx={{ display: 'grid', gap: 2 }}>
          {mutation.isSuccess && <Alert severity="success">{t('profile.password.changed')}</Alert>}
          <ErrorAlert error={mutation.error} />
          <FormTextField
            control={form.control}
            name="currentPassword"
            type="password"
            label={t('profile.password.current')}
            autoComplete="current-password"
          />
          <FormTextField
            control={form.control}
            name="newPassword"
            type="password"
            label={t('auth.fields.newPassword')}
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
          <Box>
            <Button type="submit" variant="contained" disabled={mutation.isPending}>
              {t('profile.password.submit')}
            </Button>
          </Box>
        </Box>
      </CardContent>
    </Card>
  );
}
