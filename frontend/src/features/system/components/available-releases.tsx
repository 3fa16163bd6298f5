import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { AvailableRelease } from '@multpanel/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { useChangelog } from '../api/updates';

function Changelog({ version }: { version: string }) {
  const { t } = useTranslation();
  const log = useChangelog(version);
  if (log.error) return <ErrorAlert error={log.error} />;
  if (!log.data) return null;
  if (!log.data.sections.length) return <Typography>{t('system.updates.noChangelog')}</Typography>;
  return (
    <Stack spacing={1.5} data-testid={`changelog-${version}`}>
      {log.data.sections.map((s) => (
        <Box key={s.version}>
          <Typography variant="subtitle2">{s.title}</Typography>
          <Typography component="pre" sx={{ whiteSpace: 'pre-wrap', fontFamily: 'inherit', m: 0 }}>
            {s.body}
          </Typography>
        </Box>
      ))}
    </Stack>
  );
}

/** Newer releases, each with its changelog on demand and an "Update to" action. */
export function AvailableReleases({
  releases,
  disabled,
  onUpdate,
}: {
  releases: AvailableRelease[];
  disabled: boolean;
  onUpdate: (version: string) => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          {t('system.updates.available')}
        </Typography>
        <Stack spacing={2}>
          {releases.map((r) => (
            <Box key={r.tag} data-testid={`release-${r.version}`}>
              <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
                <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>
                  {r.tag}
                </Typography>
                <Typography variant="body2" color="text.secondary" sx={{ flex: 1 }}>
                  {new Date(r.date).toLocaleDateString()} · {r.subject}
                </Typography>
                <Button size="small" onClick={() => setOpen(open === r.version ? null : r.version)}>
                  {t('system.updates.changelog')}
                </Button>
                <Button
                  size="small"
                  variant="contained"
                  disabled={disabled}
                  onClick={() => onUpdate(r.version)}
                >
                  {t('system.updates.updateTo', { version: r.tag })}
                </Button>
              </Stack>
              {open === r.version && (
                <Box sx={{ mt: 1, pl: 2, borderLeft: 2, borderColor: 'divider' }}>
                  <Changelog version={r.version} />
                </Box>
              )}
            </Box>
          ))}
        </Stack>
      </CardContent>
    </Card>
  );
}
