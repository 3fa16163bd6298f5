import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCronPreview } from '../api/preview-cron';

/** The next five runs of the expression being typed, as the server computes them. */
export function CronPreviewBox({ cron, timezone }: { cron: string; timezone: string }) {
  const { t } = useTranslation();
  const [settled, setSettled] = useState({ cron, timezone });
  useEffect(() => {
    const timer = setTimeout(() => setSettled({ cron, timezone }), 300);
    return () => clearTimeout(timer);
  }, [cron, timezone]);
  const preview = useCronPreview(settled.cron, settled.timezone);
  if (preview.isError) return <Alert severity="warning">{t('backups.preview.invalid')}</Alert>;
  if (!preview.data) return null;
  return (
    <Box component="section" aria-label={t('backups.preview.title')}>
      <Typography variant="subtitle2">{t('backups.preview.title')}</Typography>
      <Box component="ul" sx={{ m: 0, pl: 3 }}>
        {preview.data.next.map((at) => (
          <li key={at}>
            <Typography variant="body2">
              {new Date(at).toLocaleString(undefined, { timeZone: settled.timezone })} (
              {settled.timezone})
            </Typography>
          </li>
        ))}
      </Box>
    </Box>
  );
}
