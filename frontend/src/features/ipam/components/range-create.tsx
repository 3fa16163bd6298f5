import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { PageHeader } from '@/components/page-header';
import { useAuthorization } from '@/lib/authorization';
import { useCreateRange } from '../api/create-range';
import { RangeForm } from './range-form';

export function RangeCreatePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const authz = useAuthorization();
  const mutation = useCreateRange();
  return (
    <>
      <PageHeader title={t('ipam.createTitle')} />
      <RangeForm
        allowShared={authz.role === 'super_admin'}
        pending={mutation.isPending}
        error={mutation.error}
        onSubmit={(input) =>
          mutation.mutate(input, { onSuccess: (r) => void navigate(`/networks/${r.id}`) })
        }
        onCancel={() => void navigate('/networks')}
      />
    </>
  );
}
