import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { HostCertificateView } from '@multpanel/contracts';
import { ErrorAlert } from '@/components/error-alert';
import { formatDateTime } from '@/lib/format-time';
import { useHostCertificates, useOrderHostCertificate } from '../api/host-certificates';

const chipColour = {
  none: 'default',
  pending: 'info',
  issued: 'success',
  failed: 'error',
} as const;

function statusText(t: TFunction, c: HostCertificateView): string {
  if (c.status === 'issued')
    return t('branding.certificates.issued', { until: formatDateTime(c.notAfter) });
  return t(`branding.certificates.${c.status}`);
}

/**
 * Each mapped host name's own certificate (none, being ordered, issued until …, failed with the
 * reason) and, for the MSP's staff, "Order certificate".
 */
export function HostCertificates({
  companyId,
  canOrder,
}: {
  companyId: string;
  canOrder: boolean;
}) {
  const { t } = useTranslation();
  const certificates = useHostCertificates(companyId);
  const order = useOrderHostCertificate(companyId);
  const rows = certificates.data ?? [];
  return (
    <Box component="section" aria-label={t('branding.certificates.title')}>
      <Typography variant="subtitle2">{t('branding.certificates.title')}</Typography>
      <Typography variant="body2" color="text.secondary">
        {t('branding.certificates.help')}
      </Typography>
      <ErrorAlert error={certificates.error ?? order.error} />
      <List dense>
        {rows.map((c) => (
          <ListItem key={c.host} divider sx={{ gap: 1, flexWrap: 'wrap' }}>
            <ListItemText
              primary={c.host}
              secondary={c.status === 'failed' ? c.error : undefined}
            />
            <Chip size="small" color={chipColour[c.status]} label={statusText(t, c)} />
            {canOrder && (
              <Button
                size="small"
                disabled={c.status === 'pending' || order.isPending}
                onClick={() => order.mutate({ host: c.host })}
                aria-label={t('branding.certificates.orderFor', { host: c.host })}
              >
                {t('branding.certificates.order')}
              </Button>
            )}
          </ListItem>
        ))}
      </List>
    </Box>
  );
}
