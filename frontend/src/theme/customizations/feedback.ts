import type { Components, Theme } from '@mui/material/styles';

/** Alerts, dialogs, chips and progress. */
export const feedbackCustomizations: Components<Theme> = {
  MuiAlert: { styleOverrides: { root: { borderRadius: 8 } } },
  MuiDialog: { defaultProps: { fullWidth: true, maxWidth: 'sm' } },
  MuiChip: { defaultProps: { size: 'small' } },
};
