import { COMPANY_SSO_ROLES, entraIssuer, PLATFORM_SSO_ROLES } from '@multpanel/contracts/sso';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import CardHeader from '@mui/material/CardHeader';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { LoadingScreen } from '@/components/loading-screen';
import { useAuthorization } from '@/lib/authorization';
import { perm } from '@/lib/permission-keys';
import {
  useDeleteIdentityProvider,
  useIdentityProvider,
  useSaveIdentityProvider,
  type ProviderTarget,
} from '../api/identity-provider';
import { IdentityProviderForm } from './identity-provider-form';
import { SsoDomains } from './sso-domains';

/** Loads, edits and removes one identity provider (a company's, or the platform's). */
export function IdentityProviderCard({ target }: { target: ProviderTarget }) {
  const { t } = useTranslation();
  const provider = useIdentityProvider(target);
  const save = useSaveIdentityProvider(target);
  const remove = useDeleteIdentityProvider(target);
  const platform = target.kind === 'platform';
  // Platform administrators may point the server at another issuer and approve domains.
  const operator = useAuthorization().has(perm.platformSettings);

  return (
    <Card sx={{ maxWidth: 760, mt: 3 }}>
      <CardHeader
        title={t(platform ? 'sso.platformCard' : 'sso.companyCard')}
        subheader={t(platform ? 'sso.platformHint' : 'sso.companyHint')}
      />
      <CardContent sx={{ pt: 0, display: 'grid', gap: 2 }}>
        {provider.isPending ? (
          <LoadingScreen />
        ) : provider.error ? (
          <ErrorAlert error={provider.error} />
        ) : (
          <>
            {save.isSuccess && <Alert severity="success">{t('sso.saved')}</Alert>}
            {remove.isSuccess && <Alert severity="info">{t('sso.removed')}</Alert>}
            {!provider.data && !save.isSuccess && (
              <Alert severity="info">{t('sso.notConfigured')}</Alert>
            )}
            <IdentityProviderForm
              // Remount after a save or removal so the form shows what is stored.
              key={provider.data?.updatedAt ?? 'new'}
              provider={provider.data}
              roles={platform ? PLATFORM_SSO_ROLES : COMPANY_SSO_ROLES}
              defaultIssuer={entraIssuer}
              canSetIssuer={operator}
              pending={save.isPending}
              error={save.error}
              onSubmit={(input) => {
                remove.reset();
                save.mutate(input);
              }}
            />
            {provider.data && target.kind === 'company' && (
              <SsoDomains
                companyId={target.companyId}
                domains={provider.data.domains}
                canApprove={operator}
              />
            )}
            {provider.data && !platform && (
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
                  {t('sso.remove')}
                </Button>
              </Box>
            )}
          </>
        )}
      </CardContent>
    </Card>
  );
}
