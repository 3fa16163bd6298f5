import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';

export function PageHeader({
  title,
  subtitle,
  actions,
}: {
  title: string;
  subtitle?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <Box
      sx={{ display: 'flex', alignItems: 'center', gap: 2, mb: 3, flexWrap: 'wrap' }}
      component="header"
    >
      <Box sx={{ flex: 1, minWidth: 200 }}>
        <Typography variant="h2" component="h1">
          {title}
        </Typography>
        {subtitle && (
          // A rich subtitle (chips, boxes) cannot sit inside a <p>.
          <Typography
            color="text.secondary"
            component={typeof subtitle === 'string' ? 'p' : 'div'}
            sx={{ mt: 0.5 }}
          >
            {subtitle}
          </Typography>
        )}
      </Box>
      {actions && <Box sx={{ display: 'flex', gap: 1 }}>{actions}</Box>}
    </Box>
  );
}
