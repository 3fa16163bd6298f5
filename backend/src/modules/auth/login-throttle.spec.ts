import { ACCOUNT_MAX_LOCK_SECONDS, lockSeconds } from './login-throttle';

describe('lockSeconds', () => {
  it('is free for the first failures, then doubles up to a cap', () => {
    expect([1, 4].map(lockSeconds)).toEqual([0, 0]);
    expect([5, 6, 7].map(lockSeconds)).toEqual([30, 60, 120]);
    expect(lockSeconds(50)).toBe(ACCOUNT_MAX_LOCK_SECONDS);
  });
});
