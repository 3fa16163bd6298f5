import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { JobProgress } from '@/components/jobs/job-progress';
import { useBulkVms, type BulkAction } from '../api/bulk-vms';
import type { VmSummary } from '../api/types';

const ACTIONS: BulkAction[] = ['start', 'shutdown', 'reboot', 'stop', 'snapshot', 'tag'];
const SNAP_NAME_RE = /^[A-Za-z][A-Za-z0-9_-]{1,39}$/;

/** Toolbar over the list when rows are selected: one request, then one result line per guest. */
export function BulkActions({ selected, onDone }: { selected: VmSummary[]; onDone: () => void }) {
  const { t } = useTranslation();
  const bulk = useBulkVms();
  const [action, setAction] = useState<BulkAction | null>(null);
  const [text, setText] = useState('');

  const names = new Map(selected.map((v) => [v.id, v.name]));
  const needsText = action === 'snapshot' || action === 'tag';
  const tags = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const textValid =
    action === 'snapshot' ? SNAP_NAME_RE.test(text) : action === 'tag' ? tags.length > 0 : true;

  const close = () => {
    const finished = bulk.isSuccess;
    setAction(null);
    setText('');
    bulk.reset();
    if (finished) onDone();
  };

  return (
    <>
      <Box
        role="toolbar"
        aria-label={t('vms.bulk.toolbar')}
        sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap', mb: 1 }}
      >
        <Typography sx={{ mr: 1 }}>{t('vms.bulk.selected', { count: selected.length })}</Typography>
        {ACTIONS.map((a) => (
          <Button key={a} size="small" variant="outlined" onClick={() => setAction(a)}>
            {t(`vms.bulk.actions.${a}`)}
          </Button>
        ))}
      </Box>
      <Dialog
        open={!!action}
        onClose={bulk.isPending ? undefined : close}
        aria-labelledby="bulk-title"
      >
        <DialogTitle id="bulk-title">
          {action &&
            t('vms.bulk.title', {
              action: t(`vms.bulk.actions.${action}`),
              count: selected.length,
            })}
        </DialogTitle>
        <DialogContent sx={{ display: 'grid', gap: 2 }}>
          {!bulk.data && (
            <>
              <Typography>{selected.map((v) => v.name).join(', ')}</Typography>
              {needsText && (
                <TextField
                  autoFocus
                  label={t(action === 'snapshot' ? 'vms.snapshots.name' : 'vms.bulk.tags')}
                  value={text}
                  onChange={(e) => setText(e.target.value)}
                  error={!!text && !textValid}
                  helperText={t(
                    action === 'snapshot' ? 'vms.snapshots.nameHelp' : 'vms.bulk.tagsHelp',
                  )}
                />
              )}
              <ErrorAlert error={bulk.error} />
            </>
          )}
          {bulk.data && (
            <List dense aria-label={t('vms.bulk.results')}>
              {bulk.data.map((r) => (
                <ListItem key={r.id} sx={{ display: 'block' }} data-testid="bulk-result">
                  <Typography sx={{ fontWeight: 600 }}>{names.get(r.id) ?? r.id}</Typography>
                  {r.job ? (
                    <JobProgress jobId={r.job.id} initial={r.job} />
                  ) : r.ok ? (
                    <Alert severity="success">{t('vms.bulk.done')}</Alert>
                  ) : (
                    <Alert severity="error">{r.error?.message ?? t('errors.generic')}</Alert>
                  )}
                </ListItem>
              ))}
            </List>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={close} disabled={bulk.isPending}>
            {bulk.data ? t('common.done') : t('common.cancel')}
          </Button>
          {!bulk.data && action && (
            <Button
              variant="contained"
              disabled={bulk.isPending || (needsText && !textValid)}
              onClick={() =>
                bulk.mutate({
                  ids: selected.map((v) => v.id),
                  action,
                  snapshotName: action === 'snapshot' ? text : undefined,
                  tags: action === 'tag' ? tags : undefined,
                })
              }
            >
              {t(`vms.bulk.actions.${action}`)}
            </Button>
          )}
        </DialogActions>
      </Dialog>
    </>
  );
}
