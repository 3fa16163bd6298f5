import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';

/** A labelled usage bar; turns amber from 80 % and red from 90 %, the usual capacity alarms. */
export function UsageBar({ ratio, label, text }: { ratio: number; label: string; text: string }) {
  const value = Math.min(100, Math.max(0, ratio * 100));
  const color = value >= 90 ? 'error' : value >= 80 ? 'warning' : 'primary';
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, minWidth: 180 }}>
      <LinearProgress
        variant="determinate"
        value={value}
        color={color}
        aria-label={label}
        sx={{ flex: 1, height: 8, borderRadius: 1 }}
      />
      <Typography variant="body2" sx={{ whiteSpace: 'nowrap' }}>
        {text}
      </Typography>
    </Box>
  );
}
