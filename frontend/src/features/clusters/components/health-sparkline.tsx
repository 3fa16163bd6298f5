import Box from '@mui/material/Box';
import { useTheme } from '@mui/material/styles';
import type { ClusterHealthPoint } from '@multpanel/contracts';

/** 24-hour response times as a line; failed checks are red ticks on the baseline. */
export function HealthSparkline({
  points,
  label,
}: {
  points: ClusterHealthPoint[];
  label: string;
}) {
  const theme = useTheme();
  const width = 600;
  const height = 80;
  if (points.length === 0) return null;
  const t0 = new Date(points[0].at).getTime();
  const span = Math.max(1, new Date(points[points.length - 1].at).getTime() - t0);
  const max = Math.max(1, ...points.map((p) => p.latencyMs ?? 0));
  const x = (p: ClusterHealthPoint) => ((new Date(p.at).getTime() - t0) / span) * (width - 4) + 2;
  const y = (ms: number) => height - 4 - (ms / max) * (height - 8);
  const line = points
    .filter((p) => p.ok && p.latencyMs !== null)
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p).toFixed(1)},${y(p.latencyMs!).toFixed(1)}`)
    .join(' ');
  return (
    <Box
      component="svg"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={label}
      sx={{ width: '100%', height }}
    >
      <path d={line} fill="none" stroke={theme.palette.primary.main} strokeWidth={1.5} />
      {points
        .filter((p) => !p.ok)
        .map((p) => (
          <line
            key={p.at}
            x1={x(p)}
            x2={x(p)}
            y1={height - 14}
            y2={height}
            stroke={theme.palette.error.main}
            strokeWidth={2}
          />
        ))}
    </Box>
  );
}
