import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import CardHeader from '@mui/material/CardHeader';
import Divider from '@mui/material/Divider';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { LoadingScreen } from '@/components/loading-screen';
import { useAuthorization } from '@/lib/authorization';
import { perm } from '@/lib/permission-keys';
import { useBrandingSettings } from '../api/get-branding';
import { BrandingAssets } from './branding-assets';
import { BrandingForm } from './branding-form';
import { BrandingHosts } from './branding-hosts';
import { HostCertificates } from './host-certificates';

/** A company's branding (companyId) or the MSP's own (null). */
export function BrandingCard({ companyId }: { companyId: string | null }) {
  const { t } = useTranslation();
  const settings = useBrandingSettings(companyId);
  const canMapHosts = useAuthorization().has(perm.companiesUpdate);
  const data = settings.data;
  return (
    <Card sx={{ maxWidth: 800, mt: 3 }} component="section" aria-label={t('branding.title')}>
      <CardHeader
        title={t(companyId ? 'branding.title' : 'branding.platformTitle')}
        subheader={t('branding.subtitle')}
      />
      <CardContent sx={{ pt: 0, display: 'grid', gap: 3 }}>
        {settings.isLoading && <LoadingScreen />}
        <ErrorAlert error={settings.error} />
        {data && (
          <>
            <BrandingForm key={data.updatedAt ?? 'new'} branding={data} />
            <Divider />
            <BrandingAssets branding={data} />
            {data.companyId && canMapHosts && (
              <>
                <Divider />
                <BrandingHosts branding={{ ...data, companyId: data.companyId }} />
              </>
            )}
            {data.companyId && data.hosts.length > 0 && (
              <HostCertificates companyId={data.companyId} canOrder={canMapHosts} />
            )}
          </>
        )}
      </CardContent>
    </Card>
  );
}

/** Slot `company.edit`: the company's branding below its settings. */
export function CompanyBrandingCard({ companyId }: { companyId: string }) {
  return <BrandingCard companyId={companyId} />;
}
