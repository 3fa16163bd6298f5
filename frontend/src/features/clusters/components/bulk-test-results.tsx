import Alert from '@mui/material/Alert';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import type { BulkTestRow } from '../api/types';
import { ms } from './format';

/** One line per tested cluster: what answered, and in words what did not. */
export function BulkTestResults({ rows, onClose }: { rows: BulkTestRow[]; onClose: () => void }) {
  const { t } = useTranslation();
  const failed = rows.filter((r) => !r.result?.ok).length;
  return (
    <Alert
      severity={failed === 0 ? 'success' : 'warning'}
      onClose={onClose}
      sx={{ mb: 2, '& .MuiAlert-message': { width: '100%' } }}
    >
      <Typography variant="subtitle2">
        {t('clusters.bulkResult', { ok: rows.length - failed, failed })}
      </Typography>
      <Table size="small" aria-label={t('clusters.bulkResultTable')}>
        <TableHead>
          <TableRow>
            <TableCell>{t('clusters.fields.name')}</TableCell>
            <TableCell>{t('clusters.fields.result')}</TableCell>
            <TableCell>{t('clusters.fields.version')}</TableCell>
            <TableCell>{t('clusters.fields.latency')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((r) => (
            <TableRow key={r.clusterId}>
              <TableCell>{r.name ?? r.clusterId}</TableCell>
              <TableCell>
                {r.result?.ok
                  ? t('clusters.bulkOk', {
                      nodes: r.result.nodes.length,
                      quorum: r.result.quorate === false ? t('clusters.noQuorum') : '',
                    })
                  : (r.error ?? r.result?.error ?? t('errors.generic'))}
              </TableCell>
              <TableCell>{r.result?.version ?? '–'}</TableCell>
              <TableCell>{ms(r.result?.latencyMs)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Alert>
  );
}
