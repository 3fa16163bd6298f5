import Box from '@mui/material/Box';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { type GridColDef } from '@mui/x-data-grid';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { ServerDataGrid } from '@/components/server-data-grid';
import {
  BACKUP_RATE_GROUPS,
  type BackupRateGroup,
  type BackupSuccessRate,
} from '@multpanel/contracts';
import { useSuccessRates } from '../api/list-success-rates';

const WINDOWS = [7, 30, 90] as const;
const PAGE_SIZE = 10;

/** The percentage of finished results that succeeded, or a dash while none has finished. */
export const formatRate = (rate: number | null) =>
  rate === null ? '—' : `${Math.round(rate * 1000) / 10} %`;

/**
 * Success rates of the guests' backups over the last days, per schedule, company or cluster
 * (counted and paged by the API).
 */
export function BackupSuccessRates() {
  const { t } = useTranslation();
  const [by, setBy] = useState<BackupRateGroup>('schedule');
  const [days, setDays] = useState<number>(30);
  const [page, setPage] = useState({ page: 1, pageSize: PAGE_SIZE });
  const rates = useSuccessRates({ by, days, ...page });
  const columns: GridColDef<BackupSuccessRate>[] = [
    {
      field: 'name',
      headerName: t(`backups.rates.groups.${by}`),
      flex: 1,
      minWidth: 180,
      valueGetter: (_, row) =>
        row.name ?? (by === 'schedule' ? t('backups.rates.noSchedule') : t('backups.rates.gone')),
    },
    { field: 'total', headerName: t('backups.rates.total'), width: 90 },
    { field: 'succeeded', headerName: t('backups.status.succeeded'), width: 110 },
    { field: 'failed', headerName: t('backups.status.failed'), width: 90 },
    { field: 'missed', headerName: t('backups.status.missed'), width: 90 },
    {
      field: 'rate',
      headerName: t('backups.rates.rate'),
      width: 110,
      valueGetter: (_, row) => formatRate(row.rate),
    },
  ];
  return (
    <Box component="section" sx={{ mb: 3 }} aria-label={t('backups.rates.title')}>
      <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap', mb: 1 }}>
        <Typography variant="h6" component="h2" sx={{ flexGrow: 1 }}>
          {t('backups.rates.title')}
        </Typography>
        <ToggleButtonGroup
          size="small"
          exclusive
          value={by}
          aria-label={t('backups.rates.by')}
          onChange={(_, v: BackupRateGroup | null) => {
            if (!v) return;
            setBy(v);
            setPage((p) => ({ ...p, page: 1 }));
          }}
        >
          {BACKUP_RATE_GROUPS.map((g) => (
            <ToggleButton key={g} value={g}>
              {t(`backups.rates.per.${g}`)}
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
        <TextField
          select
          size="small"
          label={t('backups.rates.window')}
          value={days}
          onChange={(e) => {
            setDays(Number(e.target.value));
            setPage((p) => ({ ...p, page: 1 }));
          }}
          sx={{ width: 150 }}
        >
          {WINDOWS.map((d) => (
            <MenuItem key={d} value={d}>
              {t('backups.rates.days', { count: d })}
            </MenuItem>
          ))}
        </TextField>
      </Box>
      <ErrorAlert error={rates.error} sx={{ mb: 1 }} />
      <ServerDataGrid
        rows={rates.data?.items ?? []}
        getRowId={(row) => row.id ?? 'none'}
        total={rates.data?.total ?? 0}
        page={page.page}
        pageSize={page.pageSize}
        onPageChange={(p, pageSize) => setPage({ page: p, pageSize })}
        loading={rates.isFetching}
        columns={columns}
        density="compact"
        emptyLabel={t('backups.rates.empty')}
        aria-label={t('backups.rates.title')}
      />
    </Box>
  );
}
