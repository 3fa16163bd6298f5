import Box from '@mui/material/Box';
import Link from '@mui/material/Link';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useSearchParams } from 'react-router-dom';
import { ErrorAlert } from '@/components/error-alert';
import { LoadingScreen } from '@/components/loading-screen';
import { PageHeader } from '@/components/page-header';
import { useAlerts, type AlertListParams } from '../api/list-alerts';
import { SeverityChip } from './severity-chip';
import { formatDateTime } from '@/lib/format-time';

const STATES = ['open', 'resolved', 'all'] as const;

/** Alerts in the caller's scope: open (firing) by default, filter in the URL. */
export function AlertsListPage({ base = '/monitoring/alerts' }: { base?: string }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const raw = params.get('state');
  const state = (STATES as readonly string[]).includes(raw ?? '')
    ? (raw as AlertListParams['state'])
    : 'open';
  const alerts = useAlerts({ state, page: 1, pageSize: 100 });
  return (
    <>
      <PageHeader
        title={t('alerts.title')}
        actions={
          <ToggleButtonGroup
            size="small"
            exclusive
            value={state}
            aria-label={t('alerts.filter')}
            onChange={(_, v: string | null) =>
              v &&
              setParams(
                (p) => {
                  p.set('state', v);
                  return p;
                },
                { replace: true },
              )
            }
          >
            {STATES.map((s) => (
              <ToggleButton key={s} value={s}>
                {t(`alerts.states.${s}`)}
              </ToggleButton>
            ))}
          </ToggleButtonGroup>
        }
      />
      {alerts.error ? (
        <ErrorAlert error={alerts.error} />
      ) : !alerts.data ? (
        <LoadingScreen />
      ) : alerts.data.items.length === 0 ? (
        <Typography color="text.secondary">{t('alerts.none')}</Typography>
      ) : (
        <Box sx={{ overflowX: 'auto' }}>
          <Table size="small" aria-label={t('alerts.title')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('alerts.fields.severity')}</TableCell>
                <TableCell>{t('alerts.fields.rule')}</TableCell>
                <TableCell>{t('alerts.fields.target')}</TableCell>
                <TableCell>{t('alerts.fields.state')}</TableCell>
                <TableCell>{t('alerts.fields.firedAt')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {alerts.data.items.map((a) => (
                <TableRow key={a.id}>
                  <TableCell>
                    <SeverityChip severity={a.severity} />
                  </TableCell>
                  <TableCell>
                    <Link component={RouterLink} to={`${base}/${a.id}`}>
                      {a.ruleName}
                    </Link>
                  </TableCell>
                  <TableCell>{a.targetLabel}</TableCell>
                  <TableCell>
                    {t(`alerts.alertState.${a.state}`)}
                    {a.acknowledgedAt ? ` · ${t('alerts.acknowledged')}` : ''}
                  </TableCell>
                  <TableCell>{formatDateTime(a.firedAt, '–')}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
    </>
  );
}
