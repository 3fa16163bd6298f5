import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { ErrorAlert } from '@/components/error-alert';
import { LoadingScreen } from '@/components/loading-screen';
import { PageHeader } from '@/components/page-header';
import { useUser } from '../api/get-user';
import { useUpdateUser } from '../api/update-user';
import { UserForm } from './user-form';

export function UserEditPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { userId = '' } = useParams();
  const user = useUser(userId);
  const mutation = useUpdateUser();

  if (user.isPending) return <LoadingScreen />;
  if (user.error) return <ErrorAlert error={user.error} />;
  return (
    <>
      <PageHeader title={t('users.editTitle', { name: user.data.name })} />
      <UserForm
        user={user.data}
        submitLabel={t('common.save')}
        pending={mutation.isPending}
        error={mutation.error}
        onSubmit={({ input }) =>
          mutation.mutate(
            { id: userId, input: { name: input.name, role: input.role } },
            { onSuccess: () => void navigate('/users') },
          )
        }
        onCancel={() => void navigate('/users')}
      />
    </>
  );
}
