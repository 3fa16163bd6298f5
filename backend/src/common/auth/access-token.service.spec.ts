import type { AppConfig } from '../../config/app-config';
import { ACCESS_TOKEN_TTL_SECONDS, AccessTokenService } from './access-token.service';

const service = () =>
  new AccessTokenService({
    env: { JWT_SECRET: 'unit-test-secret-unit-test-secret-0123456789' },
  } as AppConfig);

describe('AccessTokenService', () => {
  afterEach(() => jest.useRealTimers());

  it('verifies its own tokens, again from memory, with the same claims', async () => {
    const tokens = service();
    const token = await tokens.sign({ sub: 'u1', sid: 'f1' });
    await expect(tokens.verify(token)).resolves.toEqual({ sub: 'u1', sid: 'f1' });
    await expect(tokens.verify(token)).resolves.toEqual({ sub: 'u1', sid: 'f1' });
  });

  it('refuses a tampered token even after the genuine one was verified', async () => {
    const tokens = service();
    const token = await tokens.sign({ sub: 'u1', sid: 'f1' });
    await tokens.verify(token);
    const [h, p, sig] = token.split('.');
    const otherPayload = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), sub: 'admin' }),
    ).toString('base64url');
    await expect(tokens.verify(`${h}.${otherPayload}.${sig}`)).rejects.toThrow(/invalid/);
    await expect(tokens.verify(`${token}x`)).rejects.toThrow(/invalid/);
  });

  it('refuses a remembered token once it has expired', async () => {
    const tokens = service();
    const token = await tokens.sign({ sub: 'u1', sid: 'f1' });
    await tokens.verify(token);
    const later = Date.now() + (ACCESS_TOKEN_TTL_SECONDS + 5) * 1000;
    // Only the clock moves (jose reads `new Date()`); promises and ticks stay real.
    jest.useFakeTimers({ now: later, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    await expect(tokens.verify(token)).rejects.toThrow(/expired/);
  });

  it('refuses a token signed with another secret', async () => {
    const other = new AccessTokenService({
      env: { JWT_SECRET: 'another-secret-another-secret-0123456789ab' },
    } as AppConfig);
    await expect(service().verify(await other.sign({ sub: 'u', sid: 's' }))).rejects.toThrow();
  });
});
