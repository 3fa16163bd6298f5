import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router-dom';
import type { UsagePricedLine, UsageStatement } from '../api/types';

const ITEMS = [
  { item: 'vcpu', field: 'vcpuHours' },
  { item: 'ram', field: 'ramGbHours' },
  { item: 'disk', field: 'diskGbMonths' },
  { item: 'backup', field: 'backupGbMonths' },
  { item: 'publicIp', field: 'publicIpMonths' },
] as const;

// Not priced (allocated disk is): shown for the record; null = not reported.
const EXTRA = [{ item: 'diskUsed', field: 'diskUsedGbMonths' }] as const;

const qty = (n: number) => n.toLocaleString('en', { maximumFractionDigits: 4 });

/** The statement's totals (priced when the company has a price list) and its guests' hours. */
export function StatementView({ statement }: { statement: UsageStatement }) {
  const { t } = useTranslation();
  const s = statement;
  const money = (n: number) =>
    s.priced
      ? n.toLocaleString('en', { style: 'currency', currency: s.priced.currency })
      : String(n);
  const line = (item: UsagePricedLine['item']) => s.priced?.lines.find((l) => l.item === item);

  return (
    <>
      <Card sx={{ mb: 3 }}>
        <CardContent>
          <Typography variant="h6" component="h2" gutterBottom>
            {t('usage.totals')}
          </Typography>
          <Typography color="text.secondary" sx={{ mb: 1 }}>
            {t('usage.sampled', { sampled: s.hoursSampled, hours: s.hoursInMonth })}
          </Typography>
          <Table size="small" aria-label={t('usage.totals')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('usage.columns.item')}</TableCell>
                <TableCell align="right">{t('usage.columns.quantity')}</TableCell>
                <TableCell>{t('usage.columns.unit')}</TableCell>
                {s.priced && <TableCell align="right">{t('usage.columns.unitPrice')}</TableCell>}
                {s.priced && <TableCell align="right">{t('usage.columns.amount')}</TableCell>}
              </TableRow>
            </TableHead>
            <TableBody>
              {ITEMS.map(({ item, field }) => {
                const priced = line(item);
                const v = s[field];
                return (
                  <TableRow key={item}>
                    <TableCell>{t(`usage.items.${item}`)}</TableCell>
                    <TableCell align="right">
                      {v === null ? t('usage.notReported') : qty(v)}
                    </TableCell>
                    <TableCell>{t(`usage.units.${item}`)}</TableCell>
                    {s.priced && <TableCell align="right">{priced?.unitPrice ?? ''}</TableCell>}
                    {s.priced && (
                      <TableCell align="right">{priced ? money(priced.amount) : ''}</TableCell>
                    )}
                  </TableRow>
                );
              })}
              {EXTRA.map(({ item, field }) => {
                const v = s[field];
                return (
                  <TableRow key={item}>
                    <TableCell>{t(`usage.items.${item}`)}</TableCell>
                    <TableCell align="right">
                      {v === null ? t('usage.notReported') : qty(v)}
                    </TableCell>
                    <TableCell>{t(`usage.units.${item}`)}</TableCell>
                    {s.priced && <TableCell />}
                    {s.priced && <TableCell />}
                  </TableRow>
                );
              })}
              {s.priced && (
                <TableRow>
                  <TableCell colSpan={4} sx={{ fontWeight: 600 }}>
                    {t('usage.total')}
                  </TableCell>
                  <TableCell align="right" sx={{ fontWeight: 600 }}>
                    {money(s.priced.total)}
                  </TableCell>
                </TableRow>
              )}
            </TableBody>
          </Table>
          {!s.priced && (
            <Typography color="text.secondary" sx={{ mt: 1 }}>
              {t('usage.unpriced')}
            </Typography>
          )}
        </CardContent>
      </Card>
      <Card>
        <CardContent>
          <Typography variant="h6" component="h2" gutterBottom>
            {t('usage.guests')}
          </Typography>
          {s.guests.length === 0 ? (
            <Typography color="text.secondary">{t('usage.noGuests')}</Typography>
          ) : (
            <Table size="small" aria-label={t('usage.guests')}>
              <TableHead>
                <TableRow>
                  <TableCell>{t('usage.columns.guest')}</TableCell>
                  <TableCell align="right">{t('usage.columns.runningHours')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {s.guests.map((g) => (
                  <TableRow key={g.guestId}>
                    <TableCell>
                      {g.name ? (
                        <RouterLink to={`/vms/${g.guestId}`} style={{ color: 'inherit' }}>
                          {g.name}
                        </RouterLink>
                      ) : (
                        t('usage.deletedGuest', { id: g.guestId })
                      )}
                    </TableCell>
                    <TableCell align="right">{g.runningHours}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>
    </>
  );
}
