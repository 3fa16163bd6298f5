import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { UpdateInfo } from '@multpanel/contracts';
import { useTranslation } from 'react-i18next';

/** What runs now: version, commit, where, runtimes and the PM2 processes. */
export function CurrentVersionCard({ info }: { info: UpdateInfo }) {
  const { t } = useTranslation();
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="overline">{t('system.updates.running')}</Typography>
        <Typography variant="h3" component="p" data-testid="running-version">
          {info.version}
        </Typography>
        <Stack spacing={0.5} sx={{ mt: 1 }}>
          <Typography variant="body2" color="text.secondary">
            {t('system.updates.commit')}: <code>{info.commit.slice(0, 12)}</code>
            {info.tag ? ` (${info.tag})` : ''} · {t('system.updates.remote')}: {info.remote}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {t('system.updates.installPath')}: <code>{info.installPath}</code>
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {t('system.updates.runtimes', {
              node: info.node,
              mariadb: info.mariadb ?? '?',
              redis: info.redis ?? '?',
            })}
          </Typography>
        </Stack>
        {info.pm2.length > 0 && (
          <Stack direction="row" spacing={1} sx={{ mt: 1.5, flexWrap: 'wrap' }} useFlexGap>
            {info.pm2.map((p) => (
              <Chip
                key={p.pmId}
                size="small"
                color={p.status === 'online' ? 'success' : 'warning'}
                label={`${p.name}#${p.pmId} ${p.status}`}
              />
            ))}
          </Stack>
        )}
      </CardContent>
    </Card>
  );
}
