import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Link from '@mui/material/Link';
import Skeleton from '@mui/material/Skeleton';
import Typography from '@mui/material/Typography';
import type { VmSummary } from '@multpanel/contracts';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router-dom';
import { ErrorAlert } from '@/components/error-alert';
import { JobStatusChip } from '@/components/jobs/job-status-chip';
import { formatDateTime } from '@/lib/format-time';
import { jobTypeLabel } from '@/lib/jobs/job-labels';
import { useJobs } from '@/lib/jobs/list-jobs';
import { useVms } from '../api/list-vms';

/** Where the phone remembers which guests it last saw running (per browser). */
export const LAST_SEEN_KEY = 'multpanel.mobile.lastSeenStatus';

const STATE_ORDER = ['running', 'stopped', 'paused'] as const;

function readLastSeen(storage: Storage): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(LAST_SEEN_KEY) ?? '{}');
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/** Guests that were running when this phone last looked and are stopped now. */
export function stoppedSinceLastVisit(
  guests: readonly VmSummary[],
  lastSeen: Record<string, string>,
): VmSummary[] {
  return guests.filter((g) => g.status === 'stopped' && lastSeen[g.id] === 'running');
}

/**
 * The phone home page's summary (contributed to the `mobile.home` slot): guests counted by state,
 * what needs attention (failed jobs, guests that stopped since the last visit) and the latest jobs.
 * The full list lives under "My virtual machines".
 */
export function HomeSummaryCard() {
  const { t } = useTranslation();
  const vms = useVms({ page: 1, pageSize: 100, sort: 'name' }, { refetchMs: 10_000 });
  const jobs = useJobs({ page: 1, pageSize: 10 });
  const guests = useMemo(() => (vms.data?.items ?? []).filter((v) => !v.template), [vms.data]);

  // Compare with what this phone saw last time, then remember the present.
  const lastSeen = useMemo(() => readLastSeen(window.localStorage), []);
  const stopped = useMemo(() => stoppedSinceLastVisit(guests, lastSeen), [guests, lastSeen]);
  useEffect(() => {
    if (!vms.data) return;
    const now: Record<string, string> = {};
    for (const g of guests) now[g.id] = g.status;
    try {
      window.localStorage.setItem(LAST_SEEN_KEY, JSON.stringify(now));
    } catch {
      // Private mode: no memory, no "stopped since" hints.
    }
  }, [guests, vms.data]);

  const counts = useMemo(() => {
    const byState = new Map<string, number>();
    for (const g of guests) {
      const key = (STATE_ORDER as readonly string[]).includes(g.status) ? g.status : 'other';
      byState.set(key, (byState.get(key) ?? 0) + 1);
    }
    return [...STATE_ORDER, 'other']
      .map((state) => ({ state, count: byState.get(state) ?? 0 }))
      .filter((c) => c.count > 0 || c.state === 'running' || c.state === 'stopped');
  }, [guests]);

  const recent = (jobs.data?.items ?? []).slice(0, 5);
  const failed = (jobs.data?.items ?? []).filter((j) => j.status === 'failed');

  return (
    <>
      <Card component="section" aria-labelledby="mobile-summary-guests">
        <CardContent>
          <Typography id="mobile-summary-guests" variant="h5" component="h2" gutterBottom>
            {t('mobile.summary.guests')}
          </Typography>
          {vms.isLoading ? (
            <Skeleton variant="rounded" height={56} />
          ) : vms.error ? (
            <ErrorAlert error={vms.error} />
          ) : (
            <Box
              component="dl"
              sx={{
                display: 'grid',
                gridTemplateColumns: 'repeat(auto-fit, minmax(90px, 1fr))',
                gap: 1,
                m: 0,
              }}
            >
              {counts.map(({ state, count }) => (
                <Box
                  key={state}
                  sx={{ p: 1, borderRadius: 1, bgcolor: 'action.hover', textAlign: 'center' }}
                >
                  <Typography
                    component="dd"
                    variant="h4"
                    sx={{ m: 0 }}
                    aria-describedby={`state-${state}`}
                  >
                    {count}
                  </Typography>
                  <Typography
                    component="dt"
                    id={`state-${state}`}
                    variant="body2"
                    color="text.secondary"
                  >
                    {t(`mobile.summary.state.${state}`)}
                  </Typography>
                </Box>
              ))}
            </Box>
          )}
          <Button component={RouterLink} to="/mobile/vms" sx={{ mt: 1, minHeight: 48 }}>
            {t('mobile.summary.allGuests', { count: guests.length })}
          </Button>
        </CardContent>
      </Card>

      {(failed.length > 0 || stopped.length > 0) && (
        <Card component="section" aria-labelledby="mobile-summary-attention">
          <CardContent sx={{ display: 'grid', gap: 1 }}>
            <Typography id="mobile-summary-attention" variant="h5" component="h2">
              {t('mobile.summary.attention')}
            </Typography>
            {stopped.map((g) => (
              <Alert key={g.id} severity="warning">
                <Link component={RouterLink} to={`/mobile/vms/${g.id}`}>
                  {t('mobile.summary.stoppedSince', { name: g.name ?? `#${g.vmid}` })}
                </Link>
              </Alert>
            ))}
            {failed.map((j) => (
              <Alert key={j.id} severity="error">
                {j.guestName
                  ? t('mobile.summary.failedJobOn', { what: jobTypeLabel(t, j), name: j.guestName })
                  : t('mobile.summary.failedJob', { what: jobTypeLabel(t, j) })}
                {j.error ? ` — ${j.error}` : ''}
              </Alert>
            ))}
          </CardContent>
        </Card>
      )}

      <Card component="section" aria-labelledby="mobile-summary-jobs">
        <CardContent>
          <Typography id="mobile-summary-jobs" variant="h5" component="h2" gutterBottom>
            {t('mobile.summary.recentJobs')}
          </Typography>
          {jobs.isLoading ? (
            <Skeleton variant="rounded" height={56} />
          ) : jobs.error ? (
            <ErrorAlert error={jobs.error} />
          ) : recent.length === 0 ? (
            <Typography color="text.secondary">{t('mobile.summary.noJobs')}</Typography>
          ) : (
            <Box component="ul" sx={{ p: 0, m: 0, listStyle: 'none', display: 'grid', gap: 1 }}>
              {recent.map((j) => (
                <Box
                  component="li"
                  key={j.id}
                  sx={{ display: 'flex', alignItems: 'center', gap: 1 }}
                >
                  <Box sx={{ flex: 1, minWidth: 0 }}>
                    <Typography noWrap>
                      {jobTypeLabel(t, j)}
                      {j.guestName ? ` · ${j.guestName}` : ''}
                    </Typography>
                    <Typography variant="body2" color="text.secondary">
                      {formatDateTime(j.createdAt)}
                    </Typography>
                  </Box>
                  <JobStatusChip status={j.status} />
                </Box>
              ))}
            </Box>
          )}
        </CardContent>
      </Card>
    </>
  );
}
