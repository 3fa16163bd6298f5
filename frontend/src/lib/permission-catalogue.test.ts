import { ALL_PERMISSIONS, ROLE_PERMISSIONS } from '@multpanel/contracts';
import { describe, expect, it } from 'vitest';
import { enResources } from '@/i18n/resources';
import {
  groupPermissions,
  permissionKey,
  PRESET_NAMES,
  presetPermissions,
  UNGROUPED,
} from './permission-catalogue';

const catalogue = (enResources as { permissionCatalogue: Record<string, Record<string, string>> })
  .permissionCatalogue;

describe('permission catalogue', () => {
  it('labels, describes and groups every permission the contracts define', () => {
    expect(UNGROUPED).toEqual([]);
    const unlabelled = ALL_PERMISSIONS.filter(
      (p) => !catalogue.label![permissionKey(p)] || !catalogue.help![permissionKey(p)],
    );
    expect(unlabelled).toEqual([]);
    for (const [group] of groupPermissions(ALL_PERMISSIONS))
      expect(catalogue.group![group]).toBeTruthy();
    expect(catalogue.presets).toBeTruthy();
    for (const name of PRESET_NAMES) {
      expect(catalogue.preset![name]).toBeTruthy();
      expect(catalogue.presetHelp![name]).toBeTruthy();
    }
  });

  it('cuts presets down to what the caller holds; read-only changes nothing', () => {
    const admin = ROLE_PERMISSIONS.company_admin;
    const readOnly = presetPermissions('readOnly', admin);
    expect(readOnly.length).toBeGreaterThan(5);
    expect(readOnly.every((p) => p.endsWith('.read'))).toBe(true);
    expect(readOnly).not.toContain('cluster.read'); // a company admin does not hold it
    expect(presetPermissions('operateGuests', ROLE_PERMISSIONS.user)).toEqual([
      'vm.read',
      'vm.power',
      'vm.console',
      'vm.snapshot',
      'vm.backup',
    ]);
    expect(presetPermissions('everything', admin)).toEqual([...admin]);
  });
});
