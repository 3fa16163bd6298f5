import { useTranslation } from 'react-i18next';
import { PageHeader } from '@/components/page-header';
import { useSession } from '@/lib/session-store';
import { BrandingCard } from './branding-card';

/** Branding settings: a company admin's own company, or (MSP staff) the platform's own. */
export function BrandingPage() {
  const { t } = useTranslation();
  const session = useSession();
  const companyId = session.status === 'authenticated' ? session.user.companyId : null;
  return (
    <>
      <PageHeader title={t('branding.nav')} subtitle={t('branding.subtitle')} />
      <BrandingCard companyId={companyId} />
    </>
  );
}
