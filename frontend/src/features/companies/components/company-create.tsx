import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { PageHeader } from '@/components/page-header';
import { useCreateCompany } from '../api/create-company';
import { CompanyForm } from './company-form';

export function CompanyCreatePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const mutation = useCreateCompany();
  return (
    <>
      <PageHeader title={t('companies.createTitle')} />
      <CompanyForm
        submitLabel={t('common.create')}
        pending={mutation.isPending}
        error={mutation.error}
        onSubmit={(input) =>
          mutation.mutate(input, { onSuccess: () => void navigate('/companies') })
        }
        onCancel={() => void navigate('/companies')}
      />
    </>
  );
}
