import UploadFile from '@mui/icons-material/UploadFile';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { CLUSTER_CSV_COLUMNS } from '@multpanel/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router-dom';
import { ErrorAlert } from '@/components/error-alert';
import { PageHeader } from '@/components/page-header';
import { isApiError } from '@/lib/api-error';
import { useImportClustersCsv } from '../api/cluster-mutations';
import type { ClusterCsvImportResult } from '../api/types';

/** The server's list of header problems (400 VALIDATION_FAILED with details.problems). */
function headerProblems(error: unknown): string[] {
  if (!isApiError(error)) return [];
  const details = error.details as { problems?: unknown } | undefined;
  return Array.isArray(details?.problems) ? details.problems.map(String) : [];
}

/** One line per CSV row: OK, or every problem found in it; created rows link to their cluster. */
export function CsvReport({ report }: { report: ClusterCsvImportResult }) {
  const { t } = useTranslation();
  return (
    <Paper variant="outlined">
      <Typography sx={{ p: 2, pb: 0 }} data-testid="csv-summary">
        {report.dryRun
          ? t('clusters.csv.dryRunSummary', { valid: report.valid, total: report.total })
          : t('clusters.csv.importedSummary', { created: report.created, total: report.total })}
      </Typography>
      <Table size="small" aria-label={t('clusters.csv.report')}>
        <TableHead>
          <TableRow>
            <TableCell>{t('clusters.csv.line')}</TableCell>
            <TableCell>{t('clusters.fields.name')}</TableCell>
            <TableCell>{t('clusters.fields.result')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {report.rows.map((row) => (
            <TableRow key={row.line} data-testid={`csv-row-${row.line}`}>
              <TableCell>{row.line}</TableCell>
              <TableCell>
                {row.clusterId ? (
                  <Link component={RouterLink} to={`/clusters/${row.clusterId}`}>
                    {row.name}
                  </Link>
                ) : (
                  (row.name ?? '–')
                )}
              </TableCell>
              <TableCell>
                {row.ok ? (
                  <Chip
                    size="small"
                    color="success"
                    label={row.clusterId ? t('clusters.csv.created') : t('clusters.csv.ok')}
                  />
                ) : (
                  <Box component="ul" sx={{ m: 0, pl: 2, color: 'error.main' }}>
                    {row.problems.map((p) => (
                      <li key={p}>{p}</li>
                    ))}
                  </Box>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Paper>
  );
}

/** CSV bulk import: always a dry run first; the import button appears when some rows are fine. */
export function ClustersImportPage() {
  const { t } = useTranslation();
  const run = useImportClustersCsv();
  const [csv, setCsv] = useState('');
  const [checked, setChecked] = useState<ClusterCsvImportResult | null>(null);
  const report = run.data ?? checked;
  const problems = headerProblems(run.error);

  const setText = (text: string) => {
    setCsv(text);
    setChecked(null);
    run.reset();
  };

  const dryRun = () => run.mutate({ csv, dryRun: true }, { onSuccess: (r) => setChecked(r) });

  return (
    <>
      <PageHeader
        title={t('clusters.csv.title')}
        subtitle={t('clusters.csv.subtitle')}
        actions={
          <Button component={RouterLink} to="/clusters">
            {t('clusters.show.back')}
          </Button>
        }
      />
      <Box sx={{ display: 'grid', gap: 2, maxWidth: 960 }}>
        <Alert severity="info">
          {t('clusters.csv.columns', { columns: CLUSTER_CSV_COLUMNS.join(', ') })}
        </Alert>
        <Box>
          <Button component="label" variant="outlined" startIcon={<UploadFile />}>
            {t('clusters.csv.upload')}
            <input
              hidden
              type="file"
              accept=".csv,text/csv"
              aria-label={t('clusters.csv.upload')}
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) void file.text().then(setText);
              }}
            />
          </Button>
        </Box>
        <TextField
          multiline
          minRows={6}
          label={t('clusters.csv.paste')}
          value={csv}
          onChange={(e) => setText(e.target.value)}
          slotProps={{ htmlInput: { style: { fontFamily: 'monospace' } } }}
        />
        <Box sx={{ display: 'flex', gap: 1 }}>
          <Button variant="outlined" disabled={!csv.trim() || run.isPending} onClick={dryRun}>
            {t('clusters.csv.check')}
          </Button>
          {checked && !run.data?.created && checked.valid > 0 && (
            <Button
              variant="contained"
              disabled={run.isPending || (run.data ? !run.data.dryRun : false)}
              onClick={() => run.mutate({ csv, dryRun: false })}
            >
              {t('clusters.csv.import', { count: checked.valid })}
            </Button>
          )}
        </Box>
        <ErrorAlert error={run.error} />
        {problems.length > 0 && (
          <Alert severity="error">
            <Box component="ul" sx={{ m: 0, pl: 2 }}>
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </Box>
          </Alert>
        )}
        {report && <CsvReport report={report} />}
      </Box>
    </>
  );
}
