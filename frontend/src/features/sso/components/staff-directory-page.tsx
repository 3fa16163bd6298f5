import { useTranslation } from 'react-i18next';
import { PageHeader } from '@/components/page-header';
import { LdapDirectoryCard } from './ldap-directory-card';

/** System → Staff directory: the platform's LDAP / AD sign-in for MSP staff. */
export function StaffDirectoryPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('ldap.staffTitle')} subtitle={t('ldap.staffSubtitle')} />
      <LdapDirectoryCard target={{ kind: 'platform' }} />
    </>
  );
}
