import { hash } from '@node-rs/argon2';
import { authenticator } from 'otplib';
import { SecretsCipher } from '../../src/common/crypto/secrets-cipher';
import { TOTP_CONTEXT } from '../../src/modules/auth/totp-verifier';
import { TestContext, TEST_PASSWORD, type LoggedIn } from '../helpers/test-context';

// The second factor must not be guessable: failures count per account and per address (TOTP and
// recovery codes alike) with back-off, and an accepted code works once (issue 14, High).
describe('second factor: brute force and replay', () => {
  let ctx: TestContext;
  let ip = 0;
  // One trusted proxy hop: X-Forwarded-For is the caller's address, so each test has its own.
  const nextIp = () => `198.51.100.${++ip}`;

  beforeAll(async () => {
    ctx = await TestContext.create({ env: { TRUST_PROXY: '1' } });
  });
  afterAll(() => ctx.close());

  let recoveryHash: Promise<string> | undefined;
  /** A user with TOTP on (set up directly: the enrolment flow has its own tests). */
  async function userWith2fa() {
    const user = await ctx.newUser();
    const session: LoggedIn = await ctx.login(user);
    const secret = authenticator.generateSecret(20);
    recoveryHash ??= hash('abcde-12345');
    await ctx.prisma.user.update({
      where: { id: user.id },
      data: {
        totpSecret: ctx.app.get(SecretsCipher).encrypt(secret, TOTP_CONTEXT),
        totpEnabledAt: new Date(),
        recoveryCodes: [await recoveryHash],
      },
    });
    return { user, session, secret };
  }

  const codeAt = (secret: string, offsetSeconds = 0) =>
    authenticator.clone({ epoch: Date.now() + offsetSeconds * 1000 }).generate(secret);
  const wrongCode = (secret: string) => {
    const right = new Set([-30, 0, 30].map((o) => codeAt(secret, o)));
    for (let n = 0; ; n++) {
      const c = String(n).padStart(6, '0');
      if (!right.has(c)) return c;
    }
  };
  const login = (email: string, totpCode: string, from: string, on = ctx) =>
    on.http
      .post('/api/auth/login')
      .set('X-Forwarded-For', from)
      .send({ email, password: TEST_PASSWORD, totpCode });

  it('locks the account after repeated wrong codes, and then refuses the right code too', async () => {
    const { user, secret } = await userWith2fa();
    const from = nextIp();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await login(user.email, wrongCode(secret), from)).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses[5]).toBe(429);
    const right = await login(user.email, codeAt(secret), nextIp());
    expect(right.status).toBe(429);
    expect(right.body.code).toBe('RATE_LIMITED');
    expect(Number(right.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Locked before the password is looked at: a wrong password is refused the same way, so the
    // lock does not tell a guesser that the password was right.
    const wrongPassword = await ctx.http
      .post('/api/auth/login')
      .set('X-Forwarded-For', nextIp())
      .send({ email: user.email, password: 'not-the-password', totpCode: codeAt(secret) });
    expect(wrongPassword.status).toBe(429);
  });

  it('counts wrong recovery codes like wrong TOTP codes', async () => {
    const { user } = await userWith2fa();
    const from = nextIp();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await login(user.email, `abcde-0000${i}`, from)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('limits wrong codes per address across accounts', async () => {
    const from = nextIp();
    const statuses: number[] = [];
    for (let a = 0; a < 3; a++) {
      const { user, secret } = await userWith2fa();
      for (let i = 0; i < 4; i++)
        statuses.push((await login(user.email, wrongCode(secret), from)).status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    // Another address is not affected.
    const fresh = await userWith2fa();
    expect((await login(fresh.user.email, codeAt(fresh.secret), nextIp())).status).toBe(200);
  });

  it('clears the count after a right code', async () => {
    const { user, secret } = await userWith2fa();
    const from = nextIp();
    for (let i = 0; i < 3; i++)
      expect((await login(user.email, wrongCode(secret), from)).status).toBe(401);
    expect((await login(user.email, codeAt(secret), from)).status).toBe(200);
    for (let i = 0; i < 4; i++)
      expect((await login(user.email, wrongCode(secret), from)).status).toBe(401);
  });

  it('accepts a code once, from any address and any API process', async () => {
    const { user, secret } = await userWith2fa();
    const code = codeAt(secret);
    expect((await login(user.email, code, nextIp())).status).toBe(200);
    const other = await TestContext.create({ env: { TRUST_PROXY: '1' } });
    try {
      const replay = await login(user.email, code, nextIp(), other);
      expect(replay.status).toBe(401);
      expect(replay.body.code).toBe('TOTP_INVALID');
      // A code of an earlier time-step is no good after a later one was used either.
      expect((await login(user.email, codeAt(secret, -30), nextIp(), other)).status).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('accepts one of two simultaneous logins with the same code', async () => {
    const { user, secret } = await userWith2fa();
    const code = codeAt(secret);
    const [a, b] = await Promise.all([
      login(user.email, code, nextIp()),
      login(user.email, code, nextIp()),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 401]);
  });

  it('counts wrong codes when turning 2FA off, too', async () => {
    const { session, secret } = await userWith2fa();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await ctx.http
        .post('/api/auth/totp/disable')
        .set(session.auth)
        .set('X-Forwarded-For', nextIp())
        .send({ code: wrongCode(secret) });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });
});
