import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach, beforeEach, vi } from 'vitest';
import '@/i18n';
import { resetWatchedJobs } from '@/lib/jobs/watched-jobs';
import { resetLiveEvents } from '@/lib/live-events';
import { notificationStore } from '@/lib/notifications-store';
import { sessionStore } from '@/lib/session-store';
import { takeContractViolations } from './fake-fetch';

// Lazy routes import MUI/DataGrid on first use; under a parallel run that can take seconds.
configure({ asyncUtilTimeout: 10000 });

// jsdom has no matchMedia; MUI and the colour-mode default ask for it.
if (!window.matchMedia) {
  Object.defineProperty(window, 'matchMedia', {
    writable: true,
    value: (query: string) => ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    }),
  });
}

// As a browser that has signed in before: the API's session hint cookie is there, so the app
// probes the refresh cookie on boot (tests of an anonymous first visit remove it).
beforeEach(() => {
  document.cookie = 'mp_session=1; path=/';
});

afterEach(() => {
  cleanup();
  resetLiveEvents();
  sessionStore.reset();
  // The test files share one module graph (isolate: false in vite.config.ts): the SPA's module-level
  // stores start every test empty, whichever file ran before.
  notificationStore.reset();
  resetWatchedJobs();
  window.localStorage.clear();
  window.sessionStorage.clear();
  vi.unstubAllGlobals();
  const violations = takeContractViolations();
  if (violations.length > 0)
    throw new Error(
      `The fake API saw what the real one would not (contracts API_BODIES / API_RESPONSES):\n${violations.join('\n')}`,
    );
});
