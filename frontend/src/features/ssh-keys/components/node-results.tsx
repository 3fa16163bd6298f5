import Chip from '@mui/material/Chip';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import type { SshNodeResult } from '@multpanel/contracts';
import { useTranslation } from 'react-i18next';

/** Per-node outcome of a push or test. */
export function NodeResults({ results }: { results: SshNodeResult[] }) {
  const { t } = useTranslation();
  return (
    <Table size="small" aria-label={t('sshKeys.results')}>
      <TableHead>
        <TableRow>
          <TableCell>{t('sshKeys.cluster')}</TableCell>
          <TableCell>{t('sshKeys.node')}</TableCell>
          <TableCell>{t('sshKeys.results')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {results.map((r) => (
          <TableRow key={`${r.clusterId}/${r.node}`} data-testid={`ssh-result-${r.node}`}>
            <TableCell>{r.clusterName}</TableCell>
            <TableCell>{r.node}</TableCell>
            <TableCell>
              {r.ok ? (
                <Chip
                  size="small"
                  color="success"
                  label={t('sshKeys.resultOk', { ms: r.latencyMs ?? 0 })}
                />
              ) : (
                <Chip
                  size="small"
                  color={r.skipped ? 'default' : 'error'}
                  label={r.error ?? t('sshKeys.no')}
                />
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
