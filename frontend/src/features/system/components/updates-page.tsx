import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { SYSTEM_UPDATE_EVENT } from '@multpanel/contracts/system-update';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { ErrorAlert } from '@/components/error-alert';
import { LoadingScreen } from '@/components/loading-screen';
import { PageHeader } from '@/components/page-header';
import { useExecuteUpdate, useRollbackUpdate } from '../api/update-mutations';
import { updateKeys, useUpdateCheck, useUpdateHistory, useUpdateInfo } from '../api/updates';
import { useSystemEvent } from '../live/system-events';
import { AvailableReleases } from './available-releases';
import { CurrentVersionCard } from './current-version-card';
import { UpdateHistory } from './update-history';
import { UpdateRunPanel } from './update-run-panel';
import { when } from './update-format';

/** super_admin: System → Updates. The run shown is in the URL (?run=), so a reload keeps it. */
export function UpdatesPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [checking, setChecking] = useState(false);
  const [confirm, setConfirm] = useState<string | null>(null);
  const [confirmRollback, setConfirmRollback] = useState(false);
  const info = useUpdateInfo();
  const check = useUpdateCheck(checking);
  const history = useUpdateHistory();
  const execute = useExecuteUpdate();
  const rollback = useRollbackUpdate();

  // A run that ends changes what runs: refresh version, history and the list of releases.
  useSystemEvent(SYSTEM_UPDATE_EVENT, (p) => {
    if (p.kind === 'run' && p.run.status !== 'running')
      void queryClient.invalidateQueries({ queryKey: updateKeys.all });
  });

  const runId = params.get('run') ?? info.data?.activeRunId ?? null;
  const showRun = (id: string) => setParams({ run: id }, { replace: true });
  const busy = !!info.data?.activeRunId || execute.isPending || rollback.isPending;
  const source = history.data?.find(
    (r) => r.kind === 'update' && r.status === 'succeeded' && !r.rolledBackBy,
  );

  if (info.isLoading) return <LoadingScreen />;
  return (
    <>
      <PageHeader
        title={t('system.updates.title')}
        subtitle={t('system.updates.subtitle')}
        actions={
          <Stack direction="row" spacing={1}>
            {source && (
              <Button color="warning" disabled={busy} onClick={() => setConfirmRollback(true)}>
                {t('system.updates.rollback')}
              </Button>
            )}
            <Button
              variant="contained"
              disabled={check.isFetching}
              onClick={() => (checking ? void check.refetch() : setChecking(true))}
            >
              {check.isFetching ? t('system.updates.checking') : t('system.updates.check')}
            </Button>
          </Stack>
        }
      />
      <Stack spacing={2}>
        <ErrorAlert error={info.error ?? check.error ?? history.error} />
        {info.data && <CurrentVersionCard info={info.data} />}
        {check.data &&
          (check.data.available.length ? (
            <AvailableReleases
              releases={check.data.available}
              disabled={busy}
              onUpdate={setConfirm}
            />
          ) : (
            <Typography data-testid="up-to-date">{t('system.updates.upToDate')}</Typography>
          ))}
        {runId && <UpdateRunPanel key={runId} runId={runId} />}
        {history.data && <UpdateHistory runs={history.data} onShow={showRun} />}
      </Stack>
      <ConfirmDialog
        open={!!confirm}
        title={t('system.updates.confirmTitle', { version: confirm })}
        message={t('system.updates.confirmMessage')}
        confirmLabel={t('system.updates.confirm')}
        destructive={false}
        pending={execute.isPending}
        error={execute.error}
        onClose={() => setConfirm(null)}
        onConfirm={() =>
          confirm &&
          execute.mutate(confirm, {
            onSuccess: (r) => {
              setConfirm(null);
              showRun(r.runId);
            },
          })
        }
      />
      <ConfirmDialog
        open={confirmRollback}
        title={t('system.updates.rollbackTitle', { version: source?.from.version })}
        message={t('system.updates.rollbackMessage', {
          version: source?.from.version,
          date: when(source?.startedAt),
        })}
        confirmLabel={t('system.updates.rollbackConfirm')}
        pending={rollback.isPending}
        error={rollback.error}
        onClose={() => setConfirmRollback(false)}
        onConfirm={() =>
          rollback.mutate(undefined, {
            onSuccess: (r) => {
              setConfirmRollback(false);
              showRun(r.runId);
            },
          })
        }
      />
    </>
  );
}
