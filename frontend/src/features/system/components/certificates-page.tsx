import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { SYSTEM_CERTIFICATE_EVENT } from '@multpanel/contracts/certificates';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { PageHeader } from '@/components/page-header';
import { certificateKeys, useCertificates } from '../api/certificates';
import { useSystemEvent } from '../live/system-events';
import { CertificateForm } from './certificate-form';
import { when } from './update-format';

const statusColor = { pending: 'info', issued: 'success', failed: 'error' } as const;

/** super_admin: System → Certificates. */
export function CertificatesPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const overview = useCertificates();
  useSystemEvent(SYSTEM_CERTIFICATE_EVENT, () => {
    void queryClient.invalidateQueries({ queryKey: certificateKeys.all });
  });
  const served = overview.data?.served;
  const pending = overview.data?.history.some((c) => c.status === 'pending') ?? false;
  return (
    <>
      <PageHeader
        title={t('system.certificates.title')}
        subtitle={t('system.certificates.subtitle')}
      />
      <Stack spacing={2}>
        <ErrorAlert error={overview.error} />
        <Card variant="outlined">
          <CardContent>
            <Typography variant="h6" component="h2" gutterBottom>
              {t('system.certificates.served')}
            </Typography>
            {served ? (
              <Stack spacing={0.5} data-testid="served-certificate">
                <Typography>
                  {t('system.certificates.subject')}: {served.subject}
                </Typography>
                <Typography>
                  {t('system.certificates.issuer')}: {served.issuer}{' '}
                  {served.selfSigned && (
                    <Chip size="small" label={t('system.certificates.selfSigned')} />
                  )}
                  {served.hsts && (
                    <Chip size="small" color="success" label={t('system.certificates.trusted')} />
                  )}
                </Typography>
                <Typography>
                  {t('system.certificates.names')}: {served.altNames.join(', ')}
                </Typography>
                <Typography>
                  {t('system.certificates.validUntil')}: {when(served.notAfter)}
                </Typography>
                {overview.data?.renewsAt && (
                  <Typography color="text.secondary">
                    {t('system.certificates.renewsAt', { date: when(overview.data.renewsAt) })}
                  </Typography>
                )}
              </Stack>
            ) : (
              <Typography color="text.secondary">{t('system.certificates.none')}</Typography>
            )}
          </CardContent>
        </Card>
        <CertificateForm disabled={pending} />
        <Card variant="outlined">
          <CardContent>
            <Typography variant="h6" component="h2" gutterBottom>
              {t('system.certificates.history')}
            </Typography>
            {!overview.data?.history.length ? (
              <Typography color="text.secondary">{t('system.certificates.noHistory')}</Typography>
            ) : (
              <Table size="small">
                <TableHead>
                  <TableRow>
                    <TableCell>{t('system.updates.when')}</TableCell>
                    <TableCell>{t('system.certificates.names')}</TableCell>
                    <TableCell>{t('system.updates.result')}</TableCell>
                    <TableCell>{t('system.certificates.validUntil')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {overview.data.history.map((c) => (
                    <TableRow key={c.id}>
                      <TableCell>
                        {when(c.createdAt)} · {t(`system.certificates.reason.${c.reason}`)}
                      </TableCell>
                      <TableCell>{c.domains.join(', ')}</TableCell>
                      <TableCell>
                        <Chip
                          size="small"
                          color={statusColor[c.status]}
                          label={t(`system.certificates.status.${c.status}`)}
                        />
                        {c.error && (
                          <Typography variant="body2" color="error">
                            {c.error}
                          </Typography>
                        )}
                      </TableCell>
                      <TableCell>{when(c.notAfter)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </CardContent>
        </Card>
      </Stack>
    </>
  );
}
