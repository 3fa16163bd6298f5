import Box from '@mui/material/Box';
import Link from '@mui/material/Link';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { useBranding } from '@/lib/branding';

/** The branding's footer text and support contacts (nothing when it sets none). */
export function BrandFooter() {
  const { t } = useTranslation();
  const b = useBranding();
  const email = b?.supportEmail ?? null;
  const phone = b?.supportPhone ?? null;
  const text = b?.footerText ?? null;
  if (!email && !phone && !text) return null;
  return (
    <Box
      component="footer"
      sx={{ mt: 4, py: 2, textAlign: 'center', color: 'text.secondary', typography: 'body2' }}
    >
      {(email || phone) && (
        <Typography variant="body2">
          {t('shell.support')}: {email && <Link href={`mailto:${email}`}>{email}</Link>}
          {email && phone && ' · '}
          {phone && <Link href={`tel:${phone.replace(/[^\d+]/g, '')}`}>{phone}</Link>}
        </Typography>
      )}
      {text && (
        <Typography variant="body2" sx={{ whiteSpace: 'pre-line' }}>
          {text}
        </Typography>
      )}
    </Box>
  );
}
