import { describe, expect, it } from 'vitest';
import { phoneResources } from './phone-resources';
import { enResources } from './resources';

// What the phone entry (mobile.html) can show: the phone features, the shared code and the phone shell.
const sources = import.meta.glob(
  [
    '../features/{backups,console,deployments,mobile,monitoring,profile,tickets,vms}/**/*.{ts,tsx}',
    '../lib/**/*.{ts,tsx}',
    '../components/**/*.{ts,tsx}',
    '../app/layouts/{mobile-layout,user-menu,user-menu-list}.tsx',
    '!../**/*.test.{ts,tsx}',
  ],
  { query: '?raw', import: 'default', eager: true },
) as Record<string, string>;

const lookup = (tree: unknown, key: string): unknown =>
  key.split('.').reduce<unknown>((node, part) => {
    if (node && typeof node === 'object') return (node as Record<string, unknown>)[part];
    return undefined;
  }, tree);
const has = (tree: unknown, key: string) =>
  typeof lookup(tree, key) === 'string' || typeof lookup(tree, `${key}_other`) === 'string';

describe('Phone entry resources', () => {
  it('define every key the phone screens and shared code use literally', () => {
    const pattern = /(?:\bt\(|labelKey:\s*)'([a-zA-Z][\w]*(?:\.[\w]+)+)'/g;
    const used = new Set<string>();
    for (const text of Object.values(sources)) {
      for (const match of text.matchAll(pattern)) used.add(match[1]!);
    }
    expect(used.size).toBeGreaterThan(100);
    expect([...used].filter((key) => !has(phoneResources, key))).toEqual([]);
  });

  it('name every job type the whole SPA names, and leave console-only features out', () => {
    expect(lookup(phoneResources, 'jobs.types')).toEqual(lookup(enResources, 'jobs.types'));
    expect(has(phoneResources, 'jobs.types.esxi_import')).toBe(true);
    for (const consoleOnly of ['clusters', 'esxi', 'sso', 'system', 'firewalls'])
      expect([consoleOnly, consoleOnly in phoneResources]).toEqual([consoleOnly, false]);
  });
});
