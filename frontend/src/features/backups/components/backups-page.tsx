import Add from '@mui/icons-material/Add';
import Button from '@mui/material/Button';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useSearchParams } from 'react-router-dom';
import { PageHeader } from '@/components/page-header';
import { useListParams } from '@/lib/use-list-params';
import { BackupHistoryList } from './backup-history-list';
import { BackupRunDialog } from './backup-run-dialog';
import { BackupSchedulesList } from './backup-schedules-list';

const TABS = ['schedules', 'history'] as const;
type TabName = (typeof TABS)[number];

/** Backups area: schedules (with run now) and the history of runs; the tab lives in the URL. */
export function BackupsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab: TabName = params.get('tab') === 'history' ? 'history' : 'schedules';
  const schedulesList = useListParams([] as const);
  const historyList = useListParams(['status'] as const);
  const [openRun, setOpenRun] = useState<string | null>(null);
  const setTab = (value: TabName) =>
    setParams(
      () => {
        const next = new URLSearchParams();
        next.set('tab', value);
        return next;
      },
      { replace: true },
    );

  return (
    <>
      <PageHeader
        title={t('backups.title')}
        subtitle={t('backups.subtitle')}
        actions={
          <Button
            variant="contained"
            startIcon={<Add />}
            component={RouterLink}
            to="/backups/schedules/new"
          >
            {t('backups.schedules.create')}
          </Button>
        }
      />
      <Tabs value={tab} onChange={(_, v: TabName) => setTab(v)} sx={{ mb: 2 }}>
        {TABS.map((name) => (
          <Tab key={name} value={name} label={t(`backups.tabs.${name}`)} />
        ))}
      </Tabs>
      {tab === 'schedules' && (
        <BackupSchedulesList
          list={schedulesList}
          onRunStarted={(runId) => {
            setTab('history');
            setOpenRun(runId);
          }}
        />
      )}
      {tab === 'history' && <BackupHistoryList list={historyList} onOpen={setOpenRun} />}
      {openRun && <BackupRunDialog runId={openRun} onClose={() => setOpenRun(null)} />}
    </>
  );
}
