import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BrandingDto } from '@multpanel/contracts';
import { ErrorAlert } from '@/components/error-alert';
import { useSetBrandingHosts } from '../api/set-branding-hosts';

/** Host names (one a line) that show this company's branding and admit only its users. */
export function BrandingHosts({ branding }: { branding: BrandingDto & { companyId: string } }) {
  const { t } = useTranslation();
  const [text, setText] = useState(branding.hosts.join('\n'));
  const save = useSetBrandingHosts();
  const hosts = text
    .split(/[\s,]+/)
    .map((h) => h.trim())
    .filter(Boolean);
  return (
    <Box sx={{ display: 'grid', gap: 1.5 }}>
      <TextField
        label={t('branding.hosts.label')}
        helperText={t('branding.hosts.help')}
        value={text}
        onChange={(e) => setText(e.target.value)}
        multiline
        minRows={2}
      />
      <Alert severity="info">{t('branding.hosts.https')}</Alert>
      <ErrorAlert error={save.error} />
      {save.isSuccess && <Alert severity="success">{t('branding.saved')}</Alert>}
      <Box>
        <Button
          variant="outlined"
          disabled={save.isPending}
          onClick={() => save.mutate({ companyId: branding.companyId, hosts })}
        >
          {t('branding.hosts.save')}
        </Button>
      </Box>
    </Box>
  );
}
