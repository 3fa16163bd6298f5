import Alert from '@mui/material/Alert';
import { useTranslation } from 'react-i18next';
import { ClusterCreatePage } from './cluster-create';
import { useOwnedCompanyId } from './owned-company';

/** The add-cluster wizard for a company's own cluster (/my-clusters/new). */
export function OwnedClusterCreatePage() {
  const { t } = useTranslation();
  const { companyId } = useOwnedCompanyId();
  if (!companyId) return <Alert severity="info">{t('clusters.owned.pickCompany')}</Alert>;
  return <ClusterCreatePage ownerCompanyId={companyId} />;
}
