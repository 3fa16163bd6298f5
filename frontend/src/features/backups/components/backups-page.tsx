import Add from '@mui/icons-material/Add';
import Button from '@mui/material/Button';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useSearchParams } from 'react-router-dom';
import { PageHeader } from '@/components/page-header';
import { useSession } from '@/lib/session-store';
import { useListParams } from '@/lib/use-list-params';
import { BackupHistoryList, HISTORY_FILTERS } from './backup-history-list';
import { BackupRunDialog } from './backup-run-dialog';
import { BackupSchedulesList } from './backup-schedules-list';
import { DrPairCreate } from './dr-pair-create';
import { DrPairsList } from './dr-pairs-list';
import { NotBackedUpList } from './not-backed-up-list';
import { RestoreTestReportView } from './restore-test-report';
import { SnapshotScheduleDialog } from './snapshot-schedule-dialog';
import { SnapshotSchedulesList } from './snapshot-schedules-list';

const TABS = ['schedules', 'history', 'notBackedUp', 'snapshots', 'restoreTests', 'dr'] as const;
type TabName = (typeof TABS)[number];

/**
 * Backups area: schedules (with run now), the history of runs, snapshot schedules, the restore
 * tests report and DR pairs; the tab lives in the URL.
 */
export function BackupsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const asked = params.get('tab');
  const tab: TabName = TABS.find((n) => n === asked) ?? 'schedules';
  const session = useSession();
  const companyId = (session.status === 'authenticated' && session.user.companyId) || '';
  const snapshotsList = useListParams([] as const);
  const [creatingSnapshots, setCreatingSnapshots] = useState(false);
  const drList = useListParams([] as const);
  const [creatingDr, setCreatingDr] = useState(false);
  const schedulesList = useListParams([] as const);
  const historyList = useListParams(HISTORY_FILTERS);
  const uncoveredList = useListParams(['companyId'] as const);
  // `?run=` opens a run (a ticket links to one).
  const [openRun, setOpenRun] = useState<string | null>(params.get('run'));
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
          tab === 'dr' ? (
            <Button variant="contained" startIcon={<Add />} onClick={() => setCreatingDr(true)}>
              {t('backups.dr.create')}
            </Button>
          ) : tab === 'snapshots' ? (
            <Button
              variant="contained"
              startIcon={<Add />}
              onClick={() => setCreatingSnapshots(true)}
            >
              {t('backups.snapshots.create')}
            </Button>
          ) : (
            <Button
              variant="contained"
              startIcon={<Add />}
              component={RouterLink}
              to="/backups/schedules/new"
            >
              {t('backups.schedules.create')}
            </Button>
          )
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
      {tab === 'notBackedUp' && <NotBackedUpList list={uncoveredList} ownCompanyId={companyId} />}
      {tab === 'snapshots' && <SnapshotSchedulesList list={snapshotsList} />}
      {tab === 'restoreTests' && <RestoreTestReportView />}
      {tab === 'dr' && <DrPairsList list={drList} />}
      {creatingDr && (
        <DrPairCreate defaultCompanyId={companyId} onClose={() => setCreatingDr(false)} />
      )}
      {creatingSnapshots && (
        <SnapshotScheduleDialog
          defaultCompanyId={companyId}
          onClose={() => setCreatingSnapshots(false)}
        />
      )}
      {openRun && <BackupRunDialog runId={openRun} onClose={() => setOpenRun(null)} />}
    </>
  );
}
