import { normalizeUserCode, USER_CODE_PATTERN } from '@multpanel/contracts';
import { hashDeviceCode, newDeviceCode, newUserCode } from './device-code';

describe('device codes', () => {
  it('user codes are eight letters of the alphabet, dashed, and normalize to themselves', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const code = newUserCode();
      expect(code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
      expect(normalizeUserCode(code)).toBe(code);
      seen.add(code);
    }
    expect(seen.size).toBeGreaterThan(495);
  });

  it('normalizes what a person types and refuses what cannot be a code', () => {
    expect(normalizeUserCode('bcdf-ghjk')).toBe('BCDF-GHJK');
    expect(normalizeUserCode(' bcdf ghjk ')).toBe('BCDF-GHJK');
    expect(normalizeUserCode('BCDFGHJK')).toBe('BCDF-GHJK');
    for (const bad of ['', 'BCDF-GHJ', 'ABCD-EFGH', 'BCDF-GHJKL', '0199e1c2-uuid', 'BCD1-GHJK']) {
      expect(normalizeUserCode(bad)).toBeNull();
    }
    expect(USER_CODE_PATTERN.test('AEIO-UBCD')).toBe(false);
  });

  it('device codes are 43 base64url characters, hashed for storage', () => {
    const code = newDeviceCode();
    expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hashDeviceCode(code)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashDeviceCode(code)).not.toBe(hashDeviceCode(newDeviceCode()));
  });
});
