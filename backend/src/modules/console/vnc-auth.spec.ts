import { randomBytes } from 'node:crypto';
import { vncChallengeResponse } from './vnc-auth';

describe('vncChallengeResponse', () => {
  it('matches DES-ECB under the bit-reversed key (vector from `openssl enc -des-ecb`)', () => {
    // key "password" → bit-reversed 0e86ceceeef64e26; plaintext "0123456789abcdef".
    const out = vncChallengeResponse('password', Buffer.from('0123456789abcdef', 'latin1'));
    expect(out.toString('hex')).toBe('5645abeb5f1e6475e8feb11beb66ea19');
  });

  it('only looks at the first 8 characters (a ticket works as the password)', () => {
    const ch = randomBytes(16);
    expect(vncChallengeResponse('abcdefgh:PVEVNC:1234', ch)).toEqual(
      vncChallengeResponse('abcdefgh', ch),
    );
    expect(vncChallengeResponse('abcdefgX', ch)).not.toEqual(vncChallengeResponse('abcdefgh', ch));
  });

  it('rejects a challenge of the wrong size', () => {
    expect(() => vncChallengeResponse('pw', Buffer.alloc(8))).toThrow(/16 bytes/);
  });
});
