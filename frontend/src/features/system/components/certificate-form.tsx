import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { ACME_DIRECTORIES, requestCertificateSchema } from '@multpanel/contracts/certificates';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { useRequestCertificate } from '../api/certificates';

type Preset = keyof typeof ACME_DIRECTORIES | 'custom';

/** Domains, email and ACME directory; validated by the same schema the API uses. */
export function CertificateForm({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation();
  const order = useRequestCertificate();
  const [domains, setDomains] = useState('');
  const [email, setEmail] = useState('');
  const [preset, setPreset] = useState<Preset>('letsencrypt');
  const [customUrl, setCustomUrl] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});

  const submit = () => {
    const input = {
      domains: domains
        .split(/[\s,]+/)
        .map((d) => d.trim())
        .filter(Boolean),
      email: email.trim(),
      directoryUrl: preset === 'custom' ? customUrl.trim() : ACME_DIRECTORIES[preset],
    };
    const parsed = requestCertificateSchema.safeParse(input);
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])));
      return;
    }
    setErrors({});
    order.mutate(parsed.data);
  };

  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          {t('system.certificates.order')}
        </Typography>
        <Stack spacing={2} sx={{ maxWidth: 560 }}>
          <TextField
            label={t('system.certificates.domains')}
            value={domains}
            onChange={(e) => setDomains(e.target.value)}
            error={!!errors.domains}
            helperText={errors.domains ?? t('system.certificates.help')}
          />
          <TextField
            label={t('system.certificates.email')}
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={!!errors.email}
            helperText={errors.email}
          />
          <TextField
            select
            label={t('system.certificates.directory')}
            value={preset}
            onChange={(e) => setPreset(e.target.value as Preset)}
          >
            {(['letsencrypt', 'letsencryptStaging', 'custom'] as const).map((p) => (
              <MenuItem key={p} value={p}>
                {t(`system.certificates.presets.${p}`)}
              </MenuItem>
            ))}
          </TextField>
          {preset === 'custom' && (
            <TextField
              label={t('system.certificates.directoryUrl')}
              value={customUrl}
              onChange={(e) => setCustomUrl(e.target.value)}
              error={!!errors.directoryUrl}
              helperText={errors.directoryUrl}
            />
          )}
          <ErrorAlert error={order.error} />
          <div>
            <Button variant="contained" disabled={disabled || order.isPending} onClick={submit}>
              {t('system.certificates.submit')}
            </Button>
          </div>
        </Stack>
      </CardContent>
    </Card>
  );
}
