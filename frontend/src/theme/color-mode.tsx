import CssBaseline from '@mui/material/CssBaseline';
import { ThemeProvider } from '@mui/material/styles';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { storageKeys } from '@/config/app-config';
import { buildTheme, type BrandColors, type ColorMode } from './theme';

interface ColorModeValue {
  mode: ColorMode;
  toggle: () => void;
}

const ColorModeContext = createContext<ColorModeValue>({ mode: 'light', toggle: () => undefined });

function initialMode(): ColorMode {
  const stored = globalThis.localStorage?.getItem(storageKeys.colorMode);
  if (stored === 'light' || stored === 'dark') return stored;
  return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** Theme provider with a light/dark toggle that survives reloads, in the branding's colours. */
export function ColorModeProvider({
  children,
  colors,
}: {
  children: ReactNode;
  colors?: BrandColors;
}) {
  const [mode, setMode] = useState<ColorMode>(initialMode);
  const toggle = useCallback(() => {
    setMode((prev) => {
      const next = prev === 'dark' ? 'light' : 'dark';
      globalThis.localStorage?.setItem(storageKeys.colorMode, next);
      return next;
    });
  }, []);
  const primary = colors?.primary;
  const secondary = colors?.secondary;
  const theme = useMemo(() => buildTheme(mode, { primary, secondary }), [mode, primary, secondary]);
  const value = useMemo(() => ({ mode, toggle }), [mode, toggle]);
  return (
    <ColorModeContext.Provider value={value}>
      <ThemeProvider theme={theme}>
        <CssBaseline enableColorScheme />
        {children}
      </ThemeProvider>
    </ColorModeContext.Provider>
  );
}

export const useColorMode = (): ColorModeValue => useContext(ColorModeContext);
