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
import { LoadingScreen } from '@/components/loading-screen';
import { useLdapDomainAction, useLdapDomains } from '../api/ldap-domains';
import { useDomainAction } from '../api/sso-domains';

/** What the list needs of a verify or approve mutation (SSO's and LDAP's have the same shape). */
interface DomainAction {
  mutate: (domain: string) => void;
  isPending: boolean;
  error: Error | null;
}

/** The domains of a company's Entra ID provider (its view carries them). */
export function SsoDomains({
  companyId,
  domains,
  canApprove,
}: {
  companyId: string;
  domains: SsoDomainView[];
  canApprove: boolean;
}) {
  const verify = useDomainAction(companyId, 'verify');
  const approve = useDomainAction(companyId, 'approve');
  return (
    <DomainProofList
      testIdPrefix="sso-domain"
      domains={domains}
      canApprove={canApprove}
      verify={verify}
      approve={approve}
    />
  );
}

/** The domains of a company's LDAP directory (GET …/ldap-directory/domains). */
export function LdapDomains({ companyId, canApprove }: { companyId: string; canApprove: boolean }) {
  const domains = useLdapDomains(companyId);
  const verify = useLdapDomainAction(companyId, 'verify');
  const approve = useLdapDomainAction(companyId, 'approve');
  if (domains.isPending) return <LoadingScreen />;
  if (domains.error) return <ErrorAlert error={domains.error} />;
  return (
    <DomainProofList
      testIdPrefix="ldap-domain"
      domains={domains.data}
      canApprove={canApprove}
      verify={verify}
      approve={approve}
    />
  );
}

/**
 * Each allowed domain with its state. A pending domain routes no sign-ins: the company publishes
 * the TXT record shown and checks it here, or a platform administrator approves it.
 */
function DomainProofList({
  testIdPrefix,
  domains,
  canApprove,
  verify,
  approve,
}: {
  testIdPrefix: string;
  domains: SsoDomainView[];
  canApprove: boolean;
  verify: DomainAction;
  approve: DomainAction;
}) {
  const { t } = useTranslation();
  const busy = verify.isPending || approve.isPending;

  return (
    <Box component="section" aria-label={t('sso.domains.title')} sx={{ display: 'grid', gap: 1.5 }}>
      <Typography variant="subtitle1">{t('sso.domains.title')}</Typography>
      <ErrorAlert error={verify.error ?? approve.error} />
      {domains.map((d) => (
        <Box
          key={d.domain}
          data-testid={`${testIdPrefix}-${d.domain}`}
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
