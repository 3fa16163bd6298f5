import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { PageHeader } from '@/components/page-header';
import { useCreateUser } from '../api/create-user';
import { useInviteUser } from '../api/invite-user';
import { UserForm } from './user-form';

export function UserCreatePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateUser();
  const invite = useInviteUser();
  const done = () => void navigate('/users');

  return (
    <>
      <PageHeader title={t('users.createTitle')} subtitle={t('users.createSubtitle')} />
      <UserForm
        submitLabel={t('common.create')}
        pending={create.isPending || invite.isPending}
        error={create.error ?? invite.error}
        onSubmit={({ input, invite: byEmail }) => {
          if (byEmail) {
            const { password: _unused, ...rest } = input;
            invite.mutate(rest, { onSuccess: done });
          } else {
            create.mutate(input, { onSuccess: done });
          }
        }}
        onCancel={done}
      />
    </>
  );
}
