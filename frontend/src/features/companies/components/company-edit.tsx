import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { ErrorAlert } from '@/components/error-alert';
import { LoadingScreen } from '@/components/loading-screen';
import { PageHeader } from '@/components/page-header';
import { useAuthorization } from '@/lib/authorization';
import { perm } from '@/lib/permission-keys';
import { useCompany } from '@/lib/queries/companies';
import { Slot } from '@/lib/slots';
import { useUpdateCompany } from '../api/update-company';
import { CompanyForm } from './company-form';
import { SalespeopleCard } from './salespeople-card';

export function CompanyEditPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { companyId = '' } = useParams();
  const company = useCompany(companyId);
  const mutation = useUpdateCompany();
  const authz = useAuthorization();
  const canAssign = authz.has(perm.companiesAssignSales);

  if (company.isPending) return <LoadingScreen />;
  if (company.error) return <ErrorAlert error={company.error} />;
  return (
    <>
      <PageHeader title={t('companies.editTitle', { name: company.data.name })} />
      <CompanyForm
        company={company.data}
        submitLabel={t('common.save')}
        pending={mutation.isPending}
        error={mutation.error}
        onSubmit={(input) =>
          mutation.mutate(
            { id: companyId, input },
            { onSuccess: () => void navigate('/companies') },
          )
        }
        onCancel={() => void navigate('/companies')}
      />
      {canAssign && <SalespeopleCard company={company.data} />}
      <Slot name="company.edit" companyId={companyId} />
    </>
  );
}
