import { useTranslation } from 'react-i18next';
import { PageHeader } from '@/components/page-header';
import { useAuthorization } from '@/lib/authorization';
import { perm } from '@/lib/permission-keys';
import { useSession } from '@/lib/session-store';
import { IdentityProviderCard } from './identity-provider-card';
import { LdapDirectoryCard } from './ldap-directory-card';

/** A company admin's own directory; for platform administrators also the staff directory. */
export function SsoSettingsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const platform = useAuthorization().has(perm.platformSettings);
  const companyId = session.status === 'authenticated' ? session.user.companyId : null;

  return (
    <>
      <PageHeader title={t('sso.title')} subtitle={t('sso.subtitle')} />
      {companyId && <IdentityProviderCard target={{ kind: 'company', companyId }} />}
      {companyId && <LdapDirectoryCard target={{ kind: 'company', companyId }} />}
      {platform && <IdentityProviderCard target={{ kind: 'platform' }} />}
    </>
  );
}
