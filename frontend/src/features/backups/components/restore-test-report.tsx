import Download from '@mui/icons-material/Download';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import MenuItem from '@mui/material/MenuItem';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import type { RestoreTestStatus } from '@multpanel/contracts';
import { useDownloadRestoreTestCsv, useRestoreTestReport } from '../api/restore-test-report';

const AGES = [24, 48, 72, 168, 720] as const;
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');
const seconds = (ms: number | null) => (ms === null ? '—' : `${(ms / 1000).toFixed(1)} s`);
const COLOR: Record<RestoreTestStatus, 'success' | 'error' | 'default' | 'info'> = {
  passed: 'success',
  failed: 'error',
  skipped: 'default',
  queued: 'info',
  running: 'info',
};

/** Restore tests report: per guest the newest test, and whether a recent backup was proven. */
export function RestoreTestReportView() {
  const { t } = useTranslation();
  const [maxAgeHours, setMaxAgeHours] = useState<number>(48);
  const report = useRestoreTestReport({ maxAgeHours });
  const csv = useDownloadRestoreTestCsv();
  const r = report.data;

  return (
    <>
      <ErrorAlert error={report.error ?? csv.error} sx={{ mb: 2 }} />
      <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', mb: 2, flexWrap: 'wrap' }}>
        <TextField
          select
          size="small"
          label={t('backups.restoreTests.maxAge')}
          value={maxAgeHours}
          onChange={(e) => setMaxAgeHours(Number(e.target.value))}
          sx={{ minWidth: 200 }}
        >
          {AGES.map((h) => (
            <MenuItem key={h} value={h}>
              {t('backups.restoreTests.hours', { count: h })}
            </MenuItem>
          ))}
        </TextField>
        {r && (
          <Typography sx={{ flex: 1 }} role="status">
            {t('backups.restoreTests.summary', { proven: r.proven, guests: r.guests })}
          </Typography>
        )}
        <Button
          startIcon={<Download />}
          disabled={csv.isPending}
          onClick={() => csv.mutate({ maxAgeHours })}
        >
          {t('backups.restoreTests.csv')}
        </Button>
      </Box>
      {r && !r.items.length ? (
        <Typography color="text.secondary">{t('backups.restoreTests.empty')}</Typography>
      ) : (
        <Table size="small" aria-label={t('backups.tabs.restoreTests')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('backups.restoreTests.guest')}</TableCell>
              <TableCell>{t('backups.restoreTests.proven')}</TableCell>
              <TableCell>{t('backups.restoreTests.last')}</TableCell>
              <TableCell>{t('backups.restoreTests.backupAt')}</TableCell>
              <TableCell>{t('backups.restoreTests.restore')}</TableCell>
              <TableCell>{t('backups.restoreTests.boot')}</TableCell>
              <TableCell>{t('backups.restoreTests.lastPassed')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {(r?.items ?? []).map((row) => (
              <TableRow key={row.guestId}>
                <TableCell>
                  {row.guestName ?? row.vmid} ({row.vmid})
                </TableCell>
                <TableCell>
                  <Chip
                    size="small"
                    color={row.proven ? 'success' : 'warning'}
                    label={t(row.proven ? 'backups.restoreTests.yes' : 'backups.restoreTests.no')}
                  />
                </TableCell>
                <TableCell>
                  <Chip
                    size="small"
                    variant="outlined"
                    color={COLOR[row.last.status]}
                    label={t(`backups.restoreTests.status.${row.last.status}`)}
                    title={row.last.error ?? undefined}
                  />{' '}
                  {when(row.last.finishedAt ?? row.last.createdAt)}
                </TableCell>
                <TableCell>{when(row.last.backupAt)}</TableCell>
                <TableCell>{seconds(row.last.restoreMs)}</TableCell>
                <TableCell>{seconds(row.last.bootMs)}</TableCell>
                <TableCell>{when(row.lastPassed?.finishedAt ?? null)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}
