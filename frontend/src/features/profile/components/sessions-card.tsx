import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import CardHeader from '@mui/material/CardHeader';
import Chip from '@mui/material/Chip';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Skeleton from '@mui/material/Skeleton';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '@/components/empty-state';
import { ErrorAlert } from '@/components/error-alert';
import { formatDateTime } from '@/lib/format-time';
import { useSessions } from '../api/list-sessions';
import { useRevokeSession } from '../api/revoke-session';
import { describeUserAgent } from './describe-user-agent';

export function SessionsCard() {
  const { t } = useTranslation();
  const sessions = useSessions();
  const revoke = useRevokeSession();

  return (
    <Card>
      <CardHeader title={t('profile.sessions.title')} subheader={t('profile.sessions.subtitle')} />
      <CardContent sx={{ pt: 0 }}>
        {sessions.isPending && <Skeleton variant="rounded" height={80} />}
        <ErrorAlert error={sessions.error ?? revoke.error} />
        {sessions.data?.length === 0 && <EmptyState title={t('profile.sessions.empty')} />}
        <List dense disablePadding>
          {sessions.data?.map((s) => (
            <ListItem
              key={s.id}
              disableGutters
              secondaryAction={
                s.current ? (
                  <Chip color="primary" label={t('profile.sessions.current')} />
                ) : (
                  <Button
                    size="small"
                    color="error"
                    disabled={revoke.isPending}
                    onClick={() => revoke.mutate(s.id)}
                  >
                    {t('profile.sessions.revoke')}
                  </Button>
                )
              }
            >
              <ListItemText
                primary={describeUserAgent(s.userAgent) ?? t('profile.sessions.unknownDevice')}
                title={s.userAgent ?? undefined}
                secondary={t('profile.sessions.detail', {
                  ip: s.ip ?? '—',
                  at: formatDateTime(s.lastUsedAt || s.createdAt),
                })}
                sx={{ pr: 12 }}
              />
            </ListItem>
          ))}
        </List>
      </CardContent>
    </Card>
  );
}
