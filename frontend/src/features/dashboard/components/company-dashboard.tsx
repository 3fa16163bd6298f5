import Grid from '@mui/material/Grid';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { formatDateTime } from '@/lib/format-time';
import { useCompanyDashboard } from '../api/get-company-dashboard';
import { gib } from './staff-dashboard';
import { StatCard } from './stat-card';

const limitOf = (v: number | null, none: string) => (v === null ? none : String(v));

/** A company's own estate: its guests, quota use, open alerts, usage, last backups, recent jobs. */
export function CompanyDashboard({ companyId }: { companyId: string }) {
  const { t } = useTranslation();
  const q = useCompanyDashboard(companyId);
  if (q.error) return <ErrorAlert error={q.error} />;
  const d = q.data;
  if (!d) return null;
  const k = 'dashboard.company';
  const none = t(`${k}.unlimited`);
  return (
    <Grid container spacing={2}>
      <Grid size={{ xs: 12, md: 4 }}>
        <StatCard
          testId="company-guests"
          title={t(`${k}.guests`)}
          rows={[
            [t(`${k}.running`), d.guests.running],
            [t(`${k}.stopped`), d.guests.stopped],
            [t(`${k}.other`), d.guests.other],
            [
              t(`${k}.allocated`),
              t(`${k}.allocation`, {
                vcpus: d.allocated.vcpus,
                memory: gib(d.allocated.memoryBytes),
                disk: gib(d.allocated.diskBytes),
              }),
            ],
          ]}
        />
      </Grid>
      {d.quota && (
        <Grid size={{ xs: 12, md: 4 }}>
          <StatCard
            testId="company-quota"
            title={t(`${k}.quota`)}
            rows={(['guests', 'vcpus', 'memoryMb', 'diskGb'] as const).map((r) => [
              t(`${k}.quotaRows.${r}`),
              t(`${k}.ofLimit`, {
                used: d.quota!.usage[r],
                limit: limitOf(d.quota!.limits[r], none),
              }),
            ])}
          />
        </Grid>
      )}
      {d.alerts && (
        <Grid size={{ xs: 12, md: 4 }}>
          <StatCard
            testId="company-alerts"
            title={t(`${k}.alerts`)}
            rows={[
              [t('dashboard.severity.critical'), d.alerts.critical],
              [t('dashboard.severity.warning'), d.alerts.warning],
              [t('dashboard.severity.info'), d.alerts.info],
              ...(d.usageThisMonth
                ? ([
                    [
                      t(`${k}.vcpuHours`, { month: d.usageThisMonth.month }),
                      d.usageThisMonth.vcpuHours,
                    ],
                    [t(`${k}.ramGbHours`), Math.round(d.usageThisMonth.ramGbHours)],
                  ] as Array<[string, number]>)
                : []),
            ]}
          />
        </Grid>
      )}
      <Grid size={{ xs: 12, md: 6 }}>
        <StatCard testId="company-backups" title={t(`${k}.lastBackups`)} rows={[]}>
          <List dense disablePadding>
            {d.lastBackups.map((b) => (
              <ListItem key={`${b.guestId}-${b.finishedAt}`} disableGutters>
                <ListItemText
                  primary={`${b.guestName ?? b.guestId} · ${t(`${k}.status.${b.status}`, { defaultValue: b.status })}`}
                  secondary={b.finishedAt && formatDateTime(b.finishedAt)}
                />
              </ListItem>
            ))}
          </List>
        </StatCard>
      </Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <StatCard testId="company-jobs" title={t(`${k}.recentJobs`)} rows={[]}>
          <List dense disablePadding>
            {d.recentJobs.map((j) => (
              <ListItem key={j.id} disableGutters>
                <ListItemText
                  primary={`${j.type} · ${t(`${k}.status.${j.status}`, { defaultValue: j.status })}`}
                  secondary={formatDateTime(j.createdAt)}
                />
              </ListItem>
            ))}
          </List>
        </StatCard>
      </Grid>
    </Grid>
  );
}
