/**
 * The first screen of a test waits for a lazily loaded route chunk (MUI, DataGrid, charts); under
 * a parallel run on a small machine that can take longer than the default 10 s.
 */
export const FIRST_PAINT = { timeout: 25_000 };
