import '@testing-library/jest-dom/vitest';
import { cleanup, configure, prettyDOM } from '@testing-library/react';
import { afterEach, beforeEach, vi } from 'vitest';
import '@/i18n';
import { resetWatchedJobs } from '@/lib/jobs/watched-jobs';
import { resetLiveEvents } from '@/lib/live-events';
import { notificationStore } from '@/lib/notifications-store';
import { sessionStore } from '@/lib/session-store';
import { takeContractViolations } from './fake-fetch';
import { removeTestStyles } from './test-styles';

// Lazy routes import MUI/DataGrid on first use; under a parallel run that can take seconds.
configure({ asyncUtilTimeout: 10000 });

// jsdom matches every CSS rule of the document against an element on each getComputedStyle, which
// Testing Library's role queries call for every candidate and its ancestors; with MUI's hundreds of
// emotion rules that took a third of a test's CPU. Most rules end in a compound (a tag, classes) the
// element cannot match, so answer those "no" before nwsapi runs: `div.x` never matches a span or an
// element without class x. Anything less plain (attributes, functional pseudo-classes, escapes,
// namespaces) goes to nwsapi, whose compiled-selector cache becomes a plain Map.
type Subject = { tag: string | null; classes: string[] };
const subjectsOf = new Map<string, Subject[] | null>();

function subjects(selector: string | undefined): Subject[] | null {
  if (typeof selector !== 'string') return null; // @keyframes and the like have none
  let found = subjectsOf.get(selector);
  if (found === undefined) {
    found = /^[^[\]()"'\\|]+$/.test(selector)
      ? selector.split(',').map((member) => {
          const subject =
            member
              .trim()
              .split(/[\s>+~]+/)
              .pop() ?? '';
          const tag = /^[a-zA-Z][a-zA-Z0-9-]*/.exec(subject)?.[0].toLowerCase() ?? null;
          const classes = (subject.match(/\.[A-Za-z0-9_-]+/g) ?? []).map((c) => c.slice(1));
          return { tag, classes };
        })
      : null;
    subjectsOf.set(selector, found);
  }
  return found;
}

function cannotMatch(list: Subject[], element: Element): boolean {
  const tag = element.localName.toLowerCase();
  return list.every(
    (s) =>
      (s.tag !== null && s.tag !== tag) || s.classes.some((c) => !element.classList.contains(c)),
  );
}

type Matcher = (selector: string | undefined, element: Element, callback?: unknown) => boolean;
type Cache = { get: unknown; set: unknown; has: unknown; clear: unknown; size: unknown };

function speedUpStyleMatching(): void {
  window.getComputedStyle(document.documentElement);
  const implKey = Object.getOwnPropertySymbols(document).find((s) => s.description === 'impl');
  const impl = implKey
    ? (
        document as unknown as Record<
          symbol,
          { _nwsapiDontThrow?: { match: Matcher; matchResolvers: Cache } }
        >
      )[implKey]
    : undefined;
  const engine = impl?._nwsapiDontThrow;
  if (!engine) throw new Error('jsdom changed: no selector engine to speed up (setup-tests.ts)');
  const entries = new Map<string, unknown>();
  Object.assign(engine.matchResolvers, {
    get: (key: string) => entries.get(key),
    set: (key: string, value: unknown) => (entries.set(key, value), value),
    has: (key: string) => entries.has(key),
    clear: () => entries.clear(),
    size: () => entries.size,
  });
  const match = engine.match.bind(engine);
  engine.match = (selector, element, callback) => {
    const list = subjects(selector);
    if (list && cannotMatch(list, element)) return false;
    return match(selector, element, callback);
  };
}
speedUpStyleMatching();

// A failed query inside waitFor/findBy retries every 50 ms, and each failure printed the whole DOM
// into its message; print it only when someone reads the message (the final failure).
configure({
  getElementError: (message, container) => {
    const error = new Error();
    error.name = 'TestingLibraryElementError';
    let text: string | undefined;
    Object.defineProperty(error, 'message', {
      configurable: true,
      get: () => (text ??= [message, prettyDOM(container)].filter(Boolean).join('\n\n')),
      set: (value: string) => {
        text = value;
      },
    });
    return error;
  },
});

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
  removeTestStyles();
  resetLiveEvents();
  sessionStore.reset();
  // The SPA's module-level stores start every test empty.
  notificationStore.reset();
  resetWatchedJobs();
  window.localStorage.clear();
  window.sessionStorage.clear();
  vi.unstubAllGlobals();
  // A worker runs many files in one environment (vite.config.ts): nothing a test faked outlives it.
  vi.useRealTimers();
  vi.restoreAllMocks();
  const violations = takeContractViolations();
  if (violations.length > 0)
    throw new Error(
      `The fake API saw what the real one would not (contracts API_BODIES / API_RESPONSES):\n${violations.join('\n')}`,
    );
});
