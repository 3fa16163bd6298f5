import { describe, expect, it } from 'vitest';
import { mergeResources } from './merge';
import { phoneBootResources } from './phone-resources';
import { phoneScreenResources } from './phone-screen-resources';
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

// What the home screen shows before any other phone screen has loaded its labels: the shell, the
// bottom navigation (every phone feature's `mobile-routes.tsx`), the home page and its summary card.
const homeSources = import.meta.glob(
  [
    '../features/*/mobile-routes.tsx',
    '../features/{mobile,console}/routes.tsx',
    '../features/mobile/components/*.tsx',
    '../features/vms/mobile/home-summary-card.tsx',
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

const usedKeys = (files: Record<string, string>) => {
  const pattern = /(?:\bt\(|labelKey:\s*)'([a-zA-Z][\w]*(?:\.[\w]+)+)'/g;
  const used = new Set<string>();
  for (const text of Object.values(files)) {
    for (const match of text.matchAll(pattern)) used.add(match[1]!);
  }
  return [...used];
};

const phoneResources = mergeResources(phoneBootResources, { screens: phoneScreenResources });

describe('Phone entry resources', () => {
  it('define every key the phone screens and shared code use literally', () => {
    const used = usedKeys(sources);
    expect(used.length).toBeGreaterThan(100);
    expect(used.filter((key) => !has(phoneResources, key))).toEqual([]);
  });

  it('boot with every key the home screen, its shell and its bottom navigation use', () => {
    const used = usedKeys(homeSources);
    expect(used).toContain('nav.support');
    expect(used.filter((key) => !has(phoneBootResources, key))).toEqual([]);
  });

  it('leave the other phone screens’ labels to the screen chunk', () => {
    for (const feature of ['tickets', 'backups', 'deployments'])
      expect([feature, feature in phoneBootResources]).toEqual([feature, false]);
    expect(has(phoneScreenResources, 'tickets.mobile.newTitle')).toBe(true);
  });

  it('name every job type the whole SPA names, and leave console-only features out', () => {
    expect(lookup(phoneBootResources, 'jobs.types')).toEqual(lookup(enResources, 'jobs.types'));
    expect(has(phoneBootResources, 'jobs.types.esxi_import')).toBe(true);
    for (const consoleOnly of ['clusters', 'esxi', 'sso', 'system', 'firewalls'])
      expect([consoleOnly, consoleOnly in phoneResources]).toEqual([consoleOnly, false]);
  });
});
