import { API_RESPONSES } from '@multpanel/contracts';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UNCHECKED_RESPONSES, UNCHECKED_TEST_FILES, answersCheckedIn } from './unchecked-responses';

describe('UNCHECKED_RESPONSES only shrinks', () => {
  it('lists no route that has a response schema already, each with a reason', () => {
    const schemas = API_RESPONSES as Record<string, unknown>;
    expect(Object.keys(UNCHECKED_RESPONSES).filter((key) => key in schemas)).toEqual([]);
    for (const [key, reason] of Object.entries(UNCHECKED_RESPONSES)) {
      expect(key).toMatch(/^(GET|POST|PUT|PATCH|DELETE) \/\S+$/);
      expect(reason.length).toBeGreaterThan(10);
    }
  });

  it('exempts only test files that exist, and checks this one', () => {
    expect(UNCHECKED_TEST_FILES.filter((f) => !existsSync(f))).toEqual([]);
    expect(answersCheckedIn(expect.getState().testPath)).toBe(true);
    expect(answersCheckedIn(`/x/frontend/${UNCHECKED_TEST_FILES[0]}`)).toBe(false);
  });
});
