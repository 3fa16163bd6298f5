import type { SsoDomainView } from '@multpanel/contracts/sso';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { useDomainAction } from '../api/sso-domains';

/**
 * Each allowed domain with its state. A pending domain routes no sign-ins: the company publishes
 * the TXT record shown and checks it here, or a platform administrator approves it.
 */
export function SsoDomains({
  companyId,
  domains,
  canApprove,
}: {
  companyId: string;
  domains: SsoDomainView[];
  canApprove: boolean;
}) {
  const { t } = useTranslation();
  const verify = useDomainAction(companyId, 'verify');
  const approve = useDomainAction(companyId, 'approve');
  const busy = verify.isPending || approve.isPending;

  return (
    <Box component="section" aria-label={t('sso.domains.title')} sx={{ display: 'grid', gap: 1.5 }}>
      <Typography variant="subtitle1">{t('sso.domains.title')}</Typography>
      <ErrorAlert error={verify.error ?? approve.error} />
      {domains.map((d) => (
        <Box
          key={d.domain}
          data-testid={`sso-domain-${d.domain}`}
          sx={{
            display: 'grid',
            gap: 1,
            p: 1.5,
            border: 1,
            borderColor: 'divider',
            borderRadius: 1,
          }}
        >
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <Typography sx={{ fontWeight: 500 }}>{d.domain}</Typography>
            {d.status === 'verified' ? (
              <Chip
                size="small"
                color="success"
                label={t(d.method === 'dns' ? 'sso.domains.verifiedDns' : 'sso.domains.approved')}
              />
            ) : (
              <Chip size="small" color="warning" label={t('sso.domains.pending')} />
            )}
          </Stack>
          {d.status === 'pending' && (
            <>
              <Alert severity="info">{t('sso.domains.publish')}</Alert>
              <TextField
                label={t('sso.domains.txtName')}
                value={d.txtName}
                size="small"
                slotProps={{ input: { readOnly: true } }}
              />
              <TextField
                label={t('sso.domains.txtValue')}
                value={d.txtValue}
                size="small"
                slotProps={{ input: { readOnly: true } }}
              />
              <Stack direction="row" spacing={1}>
                <Button variant="outlined" disabled={busy} onClick={() => verify.mutate(d.domain)}>
                  {t('sso.domains.check')}
                </Button>
                {canApprove && (
                  <Button disabled={busy} onClick={() => approve.mutate(d.domain)}>
                    {t('sso.domains.approve')}
                  </Button>
                )}
              </Stack>
            </>
          )}
        </Box>
      ))}
    </Box>
  );
}
