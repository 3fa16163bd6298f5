/** Static client configuration. The SPA only ever talks to the API through this same-origin prefix. */
export const appConfig = {
  apiBase: '/api',
  /** Below this viewport width a visitor is treated as a phone for the /mobile redirect. */
  phoneMaxWidth: 600,
  defaultPageSize: 25,
  pageSizeOptions: [10, 25, 50, 100],
  healthRefetchMs: 30_000,
} as const;

/** Browser storage keys, in one place so nobody invents a second spelling. */
export const storageKeys = {
  colorMode: 'mp.colorMode',
  preferConsole: 'mp.preferConsole',
  mobileRedirected: 'mp.mobileRedirected',
} as const;
