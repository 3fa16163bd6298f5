import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import type { IpRangeUsage } from '@multpanel/contracts';

/** How full a range is: allocated + reserved + held of the window, as a bar and numbers. */
export function UsageBar({ usage }: { usage: IpRangeUsage }) {
  const { t } = useTranslation();
  const used = usage.allocated + usage.reserved + usage.held;
  const percent = usage.size > 0 ? Math.min(100, (used / usage.size) * 100) : 0;
  const label = t('ipam.usage', { used, size: usage.size, free: usage.free });
  return (
    <Box sx={{ width: '100%' }}>
      <LinearProgress
        variant="determinate"
        value={percent}
        color={percent >= 90 ? 'error' : percent >= 70 ? 'warning' : 'primary'}
        aria-label={label}
      />
      <Typography variant="caption" color="text.secondary">
        {label}
      </Typography>
    </Box>
  );
}
