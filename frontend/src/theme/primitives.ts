/** Design tokens: the only place raw colours, radii and type sizes are written down. */
export const brand = {
  50: '#eef4fb',
  100: '#d5e3f5',
  200: '#a9c6ea',
  300: '#74a2db',
  400: '#4a82cb',
  500: '#2d66b3',
  600: '#1f4f8f',
  700: '#1a4075',
  800: '#15325c',
  900: '#0f2442',
} as const;

export const gray = {
  50: '#f7f8fa',
  100: '#eef0f4',
  200: '#dde1e8',
  300: '#c3c9d4',
  400: '#9aa3b2',
  500: '#6b7585',
  600: '#4f5866',
  700: '#373e4a',
  800: '#22272f',
  900: '#14171c',
} as const;

export const status = {
  success: '#2e7d32',
  warning: '#b26a00',
  error: '#c62828',
  info: '#0277bd',
} as const;

export const shape = { borderRadius: 8 } as const;

export const typography = {
  fontFamily:
    '"Inter", system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  h1: { fontSize: '2rem', fontWeight: 600 },
  h2: { fontSize: '1.6rem', fontWeight: 600 },
  h3: { fontSize: '1.35rem', fontWeight: 600 },
  h4: { fontSize: '1.2rem', fontWeight: 600 },
  h5: { fontSize: '1.05rem', fontWeight: 600 },
  h6: { fontSize: '0.95rem', fontWeight: 600 },
  button: { textTransform: 'none' as const, fontWeight: 500 },
} as const;
