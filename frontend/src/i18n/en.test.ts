import { describe, expect, it } from 'vitest';
import { enResources as en } from './resources';

// Every source file as text (tests excluded), to find the literal keys the UI asks for.
const sources = import.meta.glob(['../**/*.{ts,tsx}', '!../**/*.test.{ts,tsx}'], {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

function lookup(key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => {
    if (node && typeof node === 'object') return (node as Record<string, unknown>)[part];
    return undefined;
  }, en);
}

const exists = (key: string) =>
  typeof lookup(key) === 'string' || typeof lookup(`${key}_other`) === 'string';

describe('English resources', () => {
  it('define every key used literally in the code', () => {
    const pattern = /(?:\bt\(|labelKey:\s*)'([a-zA-Z][\w]*(?:\.[\w]+)+)'/g;
    const used = new Set<string>();
    for (const text of Object.values(sources)) {
      for (const match of text.matchAll(pattern)) used.add(match[1]!);
    }
    expect(used.size).toBeGreaterThan(100);
    const missing = [...used].filter((key) => !exists(key));
    expect(missing).toEqual([]);
  });

  it('cover every role and the dynamic status labels', () => {
    for (const key of [
      'roles.super_admin',
      'roles.salesperson',
      'roles.company_admin',
      'roles.user',
      'companies.status.active',
      'companies.status.suspended',
      'users.status.disabled',
      'dashboard.health.status.ok',
      'dashboard.health.status.degraded',
      'auth.invite.title',
      'auth.reset.submit',
    ]) {
      expect(exists(key), key).toBe(true);
    }
  });
});
