import {
  isWellFormedReplyToken,
  replyAddress,
  replyToken,
  tokenOf,
  verifyReplyToken,
} from './ticket-reply-token';

const KEY = 'k'.repeat(40);
const TICKET = '019b0000-1111-7222-8333-444455556666';

describe('ticket reply tokens', () => {
  it('round-trips for the address it was issued to, in any case', () => {
    const t = replyToken(KEY, TICKET, 'Ann@Acme.test');
    expect(t).toMatch(/^[a-z2-7]{42}$/);
    expect(verifyReplyToken(KEY, t, 'ann@acme.test')).toBe(TICKET);
    expect(verifyReplyToken(KEY, t.toUpperCase(), 'ANN@acme.test')).toBe(TICKET);
    const address = replyAddress('support@mp.test', t);
    expect(address.split('@')[0].length).toBeLessThanOrEqual(64);
    expect(tokenOf('support@mp.test', address.toUpperCase())).toBe(t);
  });

  it('refuses another sender, another key, an altered ticket and garbage', () => {
    const t = replyToken(KEY, TICKET, 'ann@acme.test');
    expect(verifyReplyToken(KEY, t, 'eve@globex.test')).toBeNull();
    expect(verifyReplyToken('x'.repeat(40), t, 'ann@acme.test')).toBeNull();
    const other = replyToken(KEY, '019b0000-1111-7222-8333-444455556667', 'ann@acme.test');
    // The other ticket's id with this ticket's MAC.
    expect(verifyReplyToken(KEY, other.slice(0, 26) + t.slice(26), 'ann@acme.test')).toBeNull();
    expect(verifyReplyToken(KEY, 'not-a-token!', 'ann@acme.test')).toBeNull();
    expect(verifyReplyToken(KEY, t.slice(0, 30), 'ann@acme.test')).toBeNull();
    expect(tokenOf('support@mp.test', `help+${t}@mp.test`)).toBeNull();
    expect(tokenOf('support@mp.test', `support+${t}@evil.test`)).toBeNull();
  });

  it("refuses every one-character change, even in the last character's unused bits", () => {
    const t = replyToken(KEY, TICKET, 'ann@acme.test');
    for (let i = 0; i < t.length; i++)
      for (const c of 'abcdefghijklmnopqrstuvwxyz234567')
        if (c !== t[i])
          expect(
            verifyReplyToken(KEY, t.slice(0, i) + c + t.slice(i + 1), 'ann@acme.test'),
          ).toBeNull();
  });

  it('tells a token replyToken could have made from one it could not (no key needed)', () => {
    const t = replyToken(KEY, TICKET, 'ann@acme.test');
    expect(isWellFormedReplyToken(t)).toBe(true);
    expect(isWellFormedReplyToken(t.toUpperCase())).toBe(true);
    expect(isWellFormedReplyToken(t.slice(0, 41))).toBe(false);
    expect(isWellFormedReplyToken(`${t}a`)).toBe(false);
    expect(isWellFormedReplyToken('')).toBe(false);
    // The last character carries 3 bits and 2 unused ones: setting an unused bit makes a
    // spelling that decodes to the same bytes but that replyToken never makes.
    const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
    const last = alphabet.indexOf(t[41]);
    expect(last % 4).toBe(0);
    expect(isWellFormedReplyToken(t.slice(0, 41) + alphabet[last + 1])).toBe(false);
  });
});
