import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blobOfLine, generateSshKey } from './ssh-key-material';

// ssh2 ships no type declarations; only the part used here is described.
interface ParsedKey {
  type: string;
  getPublicSSH(): Buffer;
  sign(data: Buffer): Buffer;
  verify(data: Buffer, sig: Buffer): boolean;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { utils } = require('ssh2') as { utils: { parseKey(key: string): ParsedKey | Error } };

describe('generateSshKey', () => {
  const key = generateSshKey('multpanel-test');

  it('ssh2 parses the private key and derives the same public key', () => {
    const parsed = utils.parseKey(key.privateKey);
    if (parsed instanceof Error) throw parsed;
    expect(parsed.type).toBe('ssh-ed25519');
    expect(parsed.getPublicSSH().toString('base64')).toBe(blobOfLine(key.publicKey));
    // Signing proves the private half matches, not only the embedded public copy.
    const data = Buffer.from('challenge');
    expect(parsed.verify(data, parsed.sign(data))).toBe(true);
  });

  it('is a valid OpenSSH key with the fingerprint ssh-keygen prints', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mp-key-'));
    try {
      const file = join(dir, 'id');
      writeFileSync(file, key.privateKey, { mode: 0o600 });
      const pub = execFileSync('ssh-keygen', ['-y', '-f', file]).toString().trim();
      expect(blobOfLine(pub)).toBe(blobOfLine(key.publicKey));
      const fp = execFileSync('ssh-keygen', ['-l', '-f', file]).toString();
      expect(fp).toContain(key.fingerprint);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('makes a different key each time and refuses unsafe comments', () => {
    expect(generateSshKey('a').fingerprint).not.toBe(generateSshKey('a').fingerprint);
    expect(() => generateSshKey("x' ; rm -rf /")).toThrow();
  });
});
