import { SecretsCipherCore } from './secrets-cipher';

const key = (n: number) => Buffer.alloc(32, n);

describe('SecretsCipherCore', () => {
  const v1 = new SecretsCipherCore(new Map([[1, key(1)]]));
  const v12 = new SecretsCipherCore(
    new Map([
      [1, key(1)],
      [2, key(2)],
    ]),
  );

  it('round-trips and never stores the plain text', () => {
    const env = v1.encrypt('s3cret-value', 'user.totp');
    expect(env).toMatch(/^enc:v1:/);
    expect(env).not.toContain('s3cret');
    expect(v1.decrypt(env, 'user.totp')).toBe('s3cret-value');
    expect(v1.encrypt('x', 'c')).not.toBe(v1.encrypt('x', 'c'));
  });

  it('refuses a value moved to another context or tampered with', () => {
    const env = v1.encrypt('abc', 'user.totp');
    expect(() => v1.decrypt(env, 'cluster.password')).toThrow();
    const raw = Buffer.from(env.split(':')[2], 'base64');
    raw[raw.length - 1] ^= 1;
    expect(() => v1.decrypt(`enc:v1:${raw.toString('base64')}`, 'user.totp')).toThrow();
  });

  it('encrypts with the newest key and re-encrypts old values', () => {
    const old = v1.encrypt('rotate-me', 'ctx');
    const fresh = v12.reencrypt(old, 'ctx');
    expect(fresh).toMatch(/^enc:v2:/);
    expect(v12.decrypt(fresh!, 'ctx')).toBe('rotate-me');
    expect(v12.reencrypt(fresh!, 'ctx')).toBeNull();
    expect(() => v1.decrypt(fresh!, 'ctx')).toThrow(/v2/);
  });
});
