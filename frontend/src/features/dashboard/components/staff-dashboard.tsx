import Grid from '@mui/material/Grid';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import type { StaffDashboard as StaffDashboardDto } from '@multpanel/contracts';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { useFleetDashboard } from '../api/get-fleet-dashboard';
import { StatCard } from './stat-card';

const GIB = 1024 ** 3;
export const gib = (bytes: number) => Math.round(bytes / GIB);
export const percent = (rate: number | null) =>
  rate === null ? '–' : `${Math.round(rate * 100)} %`;

/** The MSP's fleet at a glance: clusters, nodes, guests, allocation, alerts, jobs, backups. */
export function StaffDashboard() {
  const { t } = useTranslation();
  const fleet = useFleetDashboard(true);
  if (fleet.error) return <ErrorAlert error={fleet.error} />;
  const d: StaffDashboardDto | undefined = fleet.data;
  if (!d) return null;
  const k = 'dashboard.fleet';
  return (
    <Grid container spacing={2}>
      <Grid size={{ xs: 12, md: 4 }}>
        <StatCard
          testId="fleet-estate"
          title={t(`${k}.estate`)}
          rows={[
            [t(`${k}.clusters`), t(`${k}.clusterStates`, { ...d.clusters })],
            [t(`${k}.nodes`), t(`${k}.nodeStates`, { ...d.nodes })],
            [t(`${k}.guests`), t(`${k}.guestStates`, { ...d.guests })],
          ]}
        />
      </Grid>
      <Grid size={{ xs: 12, md: 4 }}>
        <StatCard
          testId="fleet-capacity"
          title={t(`${k}.capacity`)}
          rows={[
            [
              t(`${k}.vcpus`),
              t(`${k}.ofCapacity`, { used: d.allocated.vcpus, of: d.capacity.cpus }),
            ],
            [
              t(`${k}.memory`),
              t(`${k}.ofCapacityGib`, {
                used: gib(d.allocated.memoryBytes),
                of: gib(d.capacity.memoryBytes),
              }),
            ],
            [t(`${k}.disk`), t(`${k}.gib`, { value: gib(d.allocated.diskBytes) })],
          ]}
        />
      </Grid>
      <Grid size={{ xs: 12, md: 4 }}>
        <StatCard
          testId="fleet-alerts"
          title={t(`${k}.alerts`)}
          rows={[
            [t('dashboard.severity.critical'), d.alerts.critical],
            [t('dashboard.severity.warning'), d.alerts.warning],
            [t('dashboard.severity.info'), d.alerts.info],
          ]}
        />
      </Grid>
      <Grid size={{ xs: 12, md: 4 }}>
        <StatCard
          testId="fleet-jobs"
          title={t(`${k}.jobs`)}
          rows={[
            [t(`${k}.inProgress`), t(`${k}.jobStates`, { ...d.jobs })],
            [t(`${k}.jobSuccess`), percent(d.jobs.last24h.successRate)],
            [t(`${k}.backupSuccess`), percent(d.backups24h.successRate)],
          ]}
        />
      </Grid>
      <Grid size={{ xs: 12, md: 4 }}>
        <StatCard testId="fleet-top" title={t(`${k}.topConsumers`)} rows={[]}>
          <List dense disablePadding>
            {d.topConsumers.map((c) => (
              <ListItem key={c.companyId} disableGutters>
                <ListItemText
                  primary={c.companyName}
                  secondary={t(`${k}.consumer`, {
                    guests: c.guests,
                    vcpus: c.vcpus,
                    memory: gib(c.memoryBytes),
                  })}
                />
              </ListItem>
            ))}
          </List>
        </StatCard>
      </Grid>
      <Grid size={{ xs: 12, md: 4 }}>
        <StatCard
          testId="fleet-connections"
          title={t(`${k}.connections`)}
          rows={d.connections.map((c) => [
            c.name,
            t(`${k}.connection`, {
              status: c.status,
              latency: c.avgLatencyMs ?? '–',
              success: percent(c.successRate),
            }),
          ])}
        />
      </Grid>
    </Grid>
  );
}
