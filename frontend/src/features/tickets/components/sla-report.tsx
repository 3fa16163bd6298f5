import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';
import MenuItem from '@mui/material/MenuItem';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { EmptyState } from '@/components/empty-state';
import { ErrorAlert } from '@/components/error-alert';
import { useCompanyOptions } from '@/lib/queries/companies';
import { useSlaReport } from '../api/get-sla-report';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

const percent = (v: number | null) => (v === null ? '—' : `${v} %`);

/**
 * SLA figures per company of the tickets opened in a month (UTC): staff pick any of their
 * companies or all; a company admin sees their own. Month and company live in the URL.
 */
export function SlaReport({ staff }: { staff: boolean }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const raw = params.get('month') ?? '';
  const month = MONTH.test(raw) ? raw : new Date().toISOString().slice(0, 7);
  const companyId = staff ? params.get('companyId') || null : null;
  const companies = useCompanyOptions(staff);
  const report = useSlaReport(month, companyId);
  const setParam = (key: string, value: string) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );

  return (
    <>
      <Box sx={{ display: 'flex', gap: 2, mb: 2, flexWrap: 'wrap' }}>
        <TextField
          type="month"
          label={t('tickets.slaReport.month')}
          value={month}
          onChange={(e) => setParam('month', e.target.value)}
          slotProps={{ inputLabel: { shrink: true } }}
        />
        {staff && (
          <TextField
            select
            label={t('tickets.fields.company')}
            value={companyId ?? ''}
            onChange={(e) => setParam('companyId', e.target.value)}
            sx={{ minWidth: 240 }}
          >
            <MenuItem value="">{t('tickets.slaReport.allCompanies')}</MenuItem>
            {(companies.data ?? []).map((c) => (
              <MenuItem key={c.id} value={c.id}>
                {c.name}
              </MenuItem>
            ))}
          </TextField>
        )}
      </Box>
      {report.error ? (
        <ErrorAlert error={report.error} />
      ) : !report.data ? (
        <CircularProgress aria-label={t('common.loading')} />
      ) : report.data.rows.length === 0 ? (
        <EmptyState title={t('tickets.slaReport.empty')} />
      ) : (
        <Table size="small" aria-label={t('tickets.slaReport.title')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('tickets.fields.company')}</TableCell>
              <TableCell align="right">{t('tickets.slaReport.tickets')}</TableCell>
              <TableCell align="right">{t('tickets.slaReport.firstResponseMet')}</TableCell>
              <TableCell align="right">{t('tickets.slaReport.resolutionMet')}</TableCell>
              <TableCell align="right">{t('tickets.slaReport.breaches')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {report.data.rows.map((r) => (
              <TableRow key={r.companyId}>
                <TableCell>{r.companyName}</TableCell>
                <TableCell align="right">{r.tickets}</TableCell>
                <TableCell align="right">{percent(r.firstResponseMetPct)}</TableCell>
                <TableCell align="right">{percent(r.resolutionMetPct)}</TableCell>
                <TableCell align="right">
                  {r.firstResponseBreaches + r.resolutionBreaches}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}
