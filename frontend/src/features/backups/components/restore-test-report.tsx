import Download from '@mui/icons-material/Download';
import PictureAsPdfOutlined from '@mui/icons-material/PictureAsPdfOutlined';
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
import { useAuthorization } from '@/lib/authorization';
import { useCompanyOptions } from '@/lib/queries/companies';
import { useSession } from '@/lib/session-store';
import type { RestoreTestStatus } from '@multpanel/contracts';
import { useDownloadRestoreTestReport, useRestoreTestReport } from '../api/restore-test-report';

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

/**
 * Restore tests report: per guest the newest test, and whether a recent backup was proven. Staff
 * may narrow it to one company; the PDF is one company's (the caller's own, or the one picked).
 */
export function RestoreTestReportView() {
  const { t } = useTranslation();
  const authz = useAuthorization();
  const session = useSession();
  const isStaff = authz.role === 'super_admin' || authz.role === 'salesperson';
  const companies = useCompanyOptions(isStaff);
  const [picked, setPicked] = useState('');
  const own = session.status === 'authenticated' ? session.user.companyId : null;
  const companyId = isStaff ? picked || undefined : (own ?? undefined);
  const [maxAgeHours, setMaxAgeHours] = useState<number>(48);
  const params = { maxAgeHours, ...(companyId ? { companyId } : {}) };
  const report = useRestoreTestReport(params);
  const download = useDownloadRestoreTestReport();
  const r = report.data;

  return (
    <>
      <ErrorAlert error={report.error ?? download.error} sx={{ mb: 2 }} />
      <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', mb: 2, flexWrap: 'wrap' }}>
        {isStaff && (
          <TextField
            select
            size="small"
            label={t('backups.restoreTests.company')}
            value={picked}
            onChange={(e) => setPicked(e.target.value)}
            sx={{ minWidth: 200 }}
          >
            <MenuItem value="">{t('backups.restoreTests.allCompanies')}</MenuItem>
            {(companies.data ?? []).map((c) => (
              <MenuItem key={c.id} value={c.id}>
                {c.name}
              </MenuItem>
            ))}
          </TextField>
        )}
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
          disabled={download.isPending}
          onClick={() => download.mutate({ params, format: 'csv' })}
        >
          {t('backups.restoreTests.csv')}
        </Button>
        <Button
          startIcon={<PictureAsPdfOutlined />}
          disabled={download.isPending || !companyId}
          title={companyId ? undefined : t('backups.restoreTests.pdfPickCompany')}
          onClick={() => download.mutate({ params, format: 'pdf' })}
        >
          {t('backups.restoreTests.pdf')}
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
                <TableCell>
                  {when(row.last.backupAt)}
                  {row.last.volid && (
                    <Typography variant="caption" color="text.secondary" display="block">
                      {row.last.volid}
                    </Typography>
                  )}
                </TableCell>
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
