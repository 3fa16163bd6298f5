import Chip from '@mui/material/Chip';
import type { PveHttpMethod } from '../api/types';

const COLOR = { GET: 'success', POST: 'warning', PUT: 'info', DELETE: 'error' } as const;

export function MethodChip({ method }: { method: PveHttpMethod }) {
  return (
    <Chip
      size="small"
      label={method}
      color={COLOR[method]}
      variant="outlined"
      sx={{ fontFamily: 'monospace', minWidth: 64 }}
    />
  );
}
