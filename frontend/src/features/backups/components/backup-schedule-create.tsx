import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { PageHeader } from '@/components/page-header';
import { useSession } from '@/lib/session-store';
import { useCreateSchedule } from '../api/save-schedule';
import { BackupScheduleForm } from './backup-schedule-form';

export function BackupScheduleCreatePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const mutation = useCreateSchedule();
  const session = useSession();
  const companyId = (session.status === 'authenticated' && session.user.companyId) || '';
  return (
    <>
      <PageHeader title={t('backups.schedules.createTitle')} />
      <BackupScheduleForm
        defaultCompanyId={companyId}
        submitLabel={t('common.create')}
        pending={mutation.isPending}
        error={mutation.error}
        onSubmit={(input) => mutation.mutate(input, { onSuccess: () => void navigate('/backups') })}
        onCancel={() => void navigate('/backups')}
      />
    </>
  );
}
