import type { Components, Theme } from '@mui/material/styles';
import type {} from '@mui/x-data-grid/themeAugmentation';

/** Tables (MUI X DataGrid) and lists. */
export const dataDisplayCustomizations: Components<Theme> = {
  MuiDataGrid: {
    defaultProps: { density: 'compact', disableRowSelectionOnClick: true },
    styleOverrides: {
      root: ({ theme }) => ({ border: `1px solid ${theme.palette.divider}`, borderRadius: 12 }),
    },
  },
};
