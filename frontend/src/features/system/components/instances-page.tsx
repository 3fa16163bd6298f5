import Card from '@mui/material/Card';
import Chip from '@mui/material/Chip';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { PageHeader } from '@/components/page-header';
import { useInstances } from '../api/instances';

const healthColor = { ok: 'success', degraded: 'warning', down: 'error' } as const;

/** super_admin: System → Instances, the installations listed in instances.yml. */
export function InstancesPage() {
  const { t } = useTranslation();
  const instances = useInstances();
  const items = instances.data?.items ?? [];
  return (
    <>
      <PageHeader title={t('system.instances.title')} subtitle={t('system.instances.subtitle')} />
      <ErrorAlert error={instances.error} />
      {instances.data && !items.length && (
        <Typography color="text.secondary">{t('system.instances.none')}</Typography>
      )}
      {items.length > 0 && (
        <Card variant="outlined">
          <Table size="small" data-testid="instances">
            <TableHead>
              <TableRow>
                <TableCell>{t('system.instances.name')}</TableCell>
                <TableCell>{t('system.instances.environment')}</TableCell>
                <TableCell>{t('system.instances.version')}</TableCell>
                <TableCell>{t('system.instances.expected')}</TableCell>
                <TableCell>{t('system.instances.health')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {items.map((i) => (
                <TableRow key={i.id}>
                  <TableCell>
                    {i.name}
                    <Typography variant="body2" color="text.secondary">
                      {i.url}
                    </Typography>
                  </TableCell>
                  <TableCell>{i.environment}</TableCell>
                  <TableCell>
                    {i.version ?? '—'}{' '}
                    <Chip
                      size="small"
                      color={i.behind ? 'warning' : 'default'}
                      label={
                        i.behind ? t('system.instances.behind') : t('system.instances.upToDate')
                      }
                    />
                  </TableCell>
                  <TableCell>{i.expectedVersion ?? '—'}</TableCell>
                  <TableCell>
                    <Chip size="small" color={healthColor[i.status]} label={i.status} />
                    {i.error && (
                      <Typography variant="body2" color="error">
                        {i.error}
                      </Typography>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Card>
      )}
    </>
  );
}
