import type { Components, Theme } from '@mui/material/styles';

/** Buttons, text fields and toggles. */
export const inputsCustomizations: Components<Theme> = {
  MuiButton: {
    defaultProps: { disableElevation: true },
    styleOverrides: { root: { borderRadius: 8 } },
  },
  MuiTextField: { defaultProps: { size: 'small', fullWidth: true } },
  MuiSelect: { defaultProps: { size: 'small' } },
  MuiIconButton: { styleOverrides: { root: { borderRadius: 8 } } },
};
