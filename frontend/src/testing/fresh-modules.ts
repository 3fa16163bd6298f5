import { vi } from 'vitest';

/*
 * Test files share a worker (`isolate: false`): node_modules (React, MUI, jsdom) load once per
 * worker instead of once per file, the bulk of this suite's CPU. The SPA's own modules are
 * evaluated afresh for every file, so module state (stores, caches, `vi.mock` targets) never
 * passes from one file to the next. Listed first in setupFiles, before setup-tests imports them.
 */
vi.resetModules();
