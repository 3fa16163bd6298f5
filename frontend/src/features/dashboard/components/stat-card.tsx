import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import CardHeader from '@mui/material/CardHeader';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';

/** A titled card of label/value rows; `testId` names it for tests. */
export function StatCard({
  title,
  rows,
  testId,
  children,
}: {
  title: string;
  rows: Array<[label: string, value: ReactNode]>;
  testId: string;
  children?: ReactNode;
}) {
  return (
    <Card sx={{ height: '100%' }} data-testid={testId} component="section" aria-label={title}>
      <CardHeader title={title} titleTypographyProps={{ variant: 'h6', component: 'h2' }} />
      <CardContent sx={{ pt: 0 }}>
        <Stack spacing={0.5}>
          {rows.map(([label, value]) => (
            <Stack key={label} direction="row" justifyContent="space-between" gap={2}>
              <Typography color="text.secondary">{label}</Typography>
              <Typography>{value}</Typography>
            </Stack>
          ))}
        </Stack>
        {children}
      </CardContent>
    </Card>
  );
}
