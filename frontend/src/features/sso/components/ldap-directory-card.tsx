import { COMPANY_SSO_ROLES, PLATFORM_SSO_ROLES } from '@multpanel/contracts/sso';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import CardHeader from '@mui/material/CardHeader';
import Divider from '@mui/material/Divider';
import { useTranslation } from 'react-i18next';
import { useAuthorization } from '@/lib/authorization';
import { perm } from '@/lib/permission-keys';
import { ErrorAlert } from '@/components/error-alert';
import { LoadingScreen } from '@/components/loading-screen';
import type { ProviderTarget } from '../api/identity-provider';
import {
  useDeleteLdapDirectory,
  useLdapDirectory,
  useMappableRoles,
  useSaveLdapDirectory,
} from '../api/ldap-directory';
import { LdapDirectoryForm } from './ldap-directory-form';
import { LdapTestPanel } from './ldap-test-panel';
import { LdapDomains } from './sso-domains';

/** Loads, edits, tests and removes one LDAP / AD directory (a company's, or the staff's). */
export function LdapDirectoryCard({ target }: { target: ProviderTarget }) {
  const { t } = useTranslation();
  const directory = useLdapDirectory(target);
  const customRoles = useMappableRoles();
  const save = useSaveLdapDirectory(target);
  const remove = useDeleteLdapDirectory(target);
  const platform = target.kind === 'platform';
  const operator = useAuthorization().has(perm.platformSettings);
  // A company's directory may name platform-wide roles and that company's own.
  const mappable = (customRoles.data ?? []).filter(
    (r) => r.companyId === null || (target.kind === 'company' && r.companyId === target.companyId),
  );

  return (
    <Card sx={{ maxWidth: 760, mt: 3 }}>
      <CardHeader
        title={t(platform ? 'ldap.platformCard' : 'ldap.companyCard')}
        subheader={t(platform ? 'ldap.platformHint' : 'ldap.companyHint')}
      />
      <CardContent sx={{ pt: 0, display: 'grid', gap: 2 }}>
        {directory.isPending ? (
          <LoadingScreen />
        ) : directory.error ? (
          <ErrorAlert error={directory.error} />
        ) : (
          <>
            {save.isSuccess && <Alert severity="success">{t('ldap.saved')}</Alert>}
            {remove.isSuccess && <Alert severity="info">{t('ldap.removed')}</Alert>}
            {!directory.data && !save.isSuccess && (
              <Alert severity="info">{t('ldap.notConfigured')}</Alert>
            )}
            <LdapDirectoryForm
              key={directory.data?.updatedAt ?? 'new'}
              directory={directory.data}
              roles={platform ? PLATFORM_SSO_ROLES : COMPANY_SSO_ROLES}
              customRoles={mappable}
              pending={save.isPending}
              error={save.error}
              onSubmit={(input) => {
                remove.reset();
                save.mutate(input);
              }}
            />
            {directory.data && (
              <>
                {target.kind === 'company' && (
                  // The staff directory's domains were approved when it was set up; no proof list.
                  <LdapDomains companyId={target.companyId} canApprove={operator} />
                )}
                <Divider />
                <LdapTestPanel target={target} />
                <Box>
                  <ErrorAlert error={remove.error} />
                  <Button
                    color="error"
                    disabled={remove.isPending}
                    onClick={() => {
                      save.reset();
                      remove.mutate();
                    }}
                  >
                    {t('ldap.remove')}
                  </Button>
                </Box>
              </>
            )}
          </>
        )}
      </CardContent>
    </Card>
  );
}
