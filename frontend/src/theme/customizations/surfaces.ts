import type { Components, Theme } from '@mui/material/styles';

/** Cards, paper, app bar and drawer. */
export const surfacesCustomizations: Components<Theme> = {
  MuiPaper: { defaultProps: { elevation: 0 } },
  MuiCard: {
    defaultProps: { variant: 'outlined' },
    styleOverrides: { root: { borderRadius: 12 } },
  },
  MuiAppBar: {
    defaultProps: { elevation: 0, color: 'inherit' },
    styleOverrides: {
      root: ({ theme }) => ({ borderBottom: `1px solid ${theme.palette.divider}` }),
    },
  },
  MuiDrawer: {
    styleOverrides: {
      paper: ({ theme }) => ({ borderRight: `1px solid ${theme.palette.divider}` }),
    },
  },
};
