import { createTheme, type Theme } from '@mui/material/styles';
import { dataDisplayCustomizations } from './customizations/data-display';
import { feedbackCustomizations } from './customizations/feedback';
import { inputsCustomizations } from './customizations/inputs';
import { navigationCustomizations } from './customizations/navigation';
import { surfacesCustomizations } from './customizations/surfaces';
import { brand, gray, shape, status, typography } from './primitives';

export type ColorMode = 'light' | 'dark';

/** A company's or the MSP's own colours (#rrggbb), over the built-in brand primitives. */
export interface BrandColors {
  primary?: string | null;
  secondary?: string | null;
}

export function buildTheme(mode: ColorMode, colors: BrandColors = {}): Theme {
  const dark = mode === 'dark';
  return createTheme({
    palette: {
      mode,
      // A custom colour lets MUI derive light/dark shades and a readable contrast text.
      primary: colors.primary
        ? { main: colors.primary }
        : { main: dark ? brand[300] : brand[600], contrastText: dark ? gray[900] : '#fff' },
      secondary: colors.secondary
        ? { main: colors.secondary }
        : { main: dark ? gray[300] : gray[600] },
      success: { main: status.success },
      warning: { main: status.warning },
      error: { main: status.error },
      info: { main: status.info },
      background: dark
        ? { default: gray[900], paper: gray[800] }
        : { default: gray[50], paper: '#ffffff' },
      divider: dark ? gray[700] : gray[200],
    },
    shape,
    typography,
    components: {
      ...inputsCustomizations,
      ...navigationCustomizations,
      ...surfacesCustomizations,
      ...feedbackCustomizations,
      ...dataDisplayCustomizations,
    },
  });
}
