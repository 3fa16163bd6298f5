import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { ErrorAlert } from '@/components/error-alert';
import { LoadingScreen } from '@/components/loading-screen';
import { PageHeader } from '@/components/page-header';
import { useSchedule } from '../api/get-schedule';
import { useUpdateSchedule } from '../api/save-schedule';
import { BackupScheduleForm } from './backup-schedule-form';

export function BackupScheduleEditPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { scheduleId = '' } = useParams();
  const schedule = useSchedule(scheduleId);
  const mutation = useUpdateSchedule();
  if (schedule.isLoading) return <LoadingScreen />;
  if (!schedule.data) return <ErrorAlert error={schedule.error} />;
  return (
    <>
      <PageHeader title={t('backups.schedules.editTitle')} />
      <BackupScheduleForm
        schedule={schedule.data}
        defaultCompanyId={schedule.data.companyId}
        submitLabel={t('common.save')}
        pending={mutation.isPending}
        error={mutation.error}
        onSubmit={({ companyId: _companyId, ...input }) =>
          mutation.mutate({ id: scheduleId, input }, { onSuccess: () => void navigate('/backups') })
        }
        onCancel={() => void navigate('/backups')}
      />
    </>
  );
}
