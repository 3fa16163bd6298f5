import { ConfigError, parseEnv } from './env.schema';

describe('parseEnv', () => {
  it('fills development defaults', () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(8080);
    expect(env.DEMO_MODE).toBe(true);
    expect(env.ENCRYPTION_KEY.get(1)).toHaveLength(32);
    expect(env.TRUST_PROXY).toBe('loopback');
    expect(parseEnv({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
  });

  it('lists every missing key in production', () => {
    let err: unknown;
    try {
      parseEnv({ NODE_ENV: 'production' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const keys = (err as ConfigError).problems.map((p) => p.split(':')[0]).sort();
    expect(keys).toEqual(['DATABASE_URL', 'ENCRYPTION_KEY', 'JWT_SECRET', 'REDIS_URL']);
    expect(
      parseEnv({
        NODE_ENV: 'production',
        DATABASE_URL: 'mysql://x',
        REDIS_URL: 'redis://x',
        JWT_SECRET: 'x'.repeat(32),
        ENCRYPTION_KEY: Buffer.alloc(32).toString('base64'),
      }).DEMO_MODE,
    ).toBe(false);
  });

  it('limits the API rate by default, except under NODE_ENV=test unless asked', () => {
    expect(parseEnv({}).RATE_LIMIT_ENABLED).toBe(true);
    expect(parseEnv({ NODE_ENV: 'development' }).RATE_LIMIT_ENABLED).toBe(true);
    const production = {
      NODE_ENV: 'production',
      DATABASE_URL: 'mysql://x',
      REDIS_URL: 'redis://x',
      JWT_SECRET: 'x'.repeat(32),
      ENCRYPTION_KEY: Buffer.alloc(32).toString('base64'),
    };
    expect(parseEnv(production)).toMatchObject({
      RATE_LIMIT_ENABLED: true,
      RATE_LIMIT_PRINCIPAL_PER_SEC: 20,
      RATE_LIMIT_LIVE_BURST: 20,
    });
    expect(parseEnv({ NODE_ENV: 'test' }).RATE_LIMIT_ENABLED).toBe(false);
    expect(parseEnv({ NODE_ENV: 'test', RATE_LIMIT_ENABLED: 'true' }).RATE_LIMIT_ENABLED).toBe(
      true,
    );
    expect(() => parseEnv({ RATE_LIMIT_IP_BURST: '0' })).toThrow(/RATE_LIMIT_IP_BURST/);
  });

  it('rejects bad values with the key name', () => {
    expect(() => parseEnv({ PORT: 'abc', ENCRYPTION_KEY: 'v2:c2hvcnQ=' })).toThrow(
      /PORT[\s\S]*ENCRYPTION_KEY/,
    );
  });

  it('turns the inbound SMTP listener on only with a reply address, STARTTLS with both files', () => {
    expect(parseEnv({}).INBOUND_SMTP_PORT).toBeUndefined();
    expect(() => parseEnv({ INBOUND_SMTP_PORT: '2525' })).toThrow(
      /INBOUND_SMTP_PORT: needs TICKET_REPLY_ADDRESS/,
    );
    const on = parseEnv({ INBOUND_SMTP_PORT: '2525', TICKET_REPLY_ADDRESS: 'support@mp.test' });
    expect(on).toMatchObject({ INBOUND_SMTP_PORT: 2525, INBOUND_SMTP_HOST: '127.0.0.1' });
    expect(() => parseEnv({ INBOUND_SMTP_TLS_CERT: '/etc/x.pem' })).toThrow(/go together/);
  });

  it('accepts versioned keys', () => {
    const k = (n: number) => Buffer.alloc(32, n).toString('base64');
    const env = parseEnv({ ENCRYPTION_KEY: `v1:${k(1)},v3:${k(3)}` });
    expect([...env.ENCRYPTION_KEY.keys()]).toEqual([1, 3]);
  });
});
