import { execFileSync } from 'node:child_process';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSshKey } from './ssh-key-material';
import { addKeyScript, describeSshError, removeKeysScript } from './ssh-remote';

// The remote scripts run here under /bin/sh with a throwaway HOME, exactly as sshd would run them.
describe('authorized_keys scripts', () => {
  let home: string;
  const keys = () => join(home, '.ssh', 'authorized_keys');
  const sh = (script: string) =>
    execFileSync('sh', ['-c', script], { env: { HOME: home, PATH: process.env.PATH } });
  const a = generateSshKey('multpanel-a');
  const b = generateSshKey('multpanel-b');
  const other = 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 admin@laptop';

  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'mp-home-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('creates ~/.ssh (700) and authorized_keys (600), and adds a key once', () => {
    sh(addKeyScript(a.publicKey));
    sh(addKeyScript(a.publicKey));
    expect(readFileSync(keys(), 'utf8')).toBe(`${a.publicKey}\n`);
    expect(statSync(join(home, '.ssh')).mode & 0o777).toBe(0o700);
    expect(statSync(keys()).mode & 0o777).toBe(0o600);
  });

  it('does not glue the key onto a last line without a newline', () => {
    mkdirSync(join(home, '.ssh'));
    writeFileSync(keys(), other);
    sh(addKeyScript(a.publicKey));
    expect(readFileSync(keys(), 'utf8')).toBe(`${other}\n${a.publicKey}\n`);
  });

  it('removes only the given keys and keeps a symlinked file a symlink', () => {
    const shared = join(home, 'pve-authorized_keys');
    writeFileSync(shared, `${other}\n${a.publicKey}\n${b.publicKey}\n`);
    mkdirSync(join(home, '.ssh'));
    symlinkSync(shared, keys());
    sh(removeKeysScript([a.publicKey]));
    expect(lstatSync(keys()).isSymbolicLink()).toBe(true);
    expect(readFileSync(shared, 'utf8')).toBe(`${other}\n${b.publicKey}\n`);
    sh(removeKeysScript([b.publicKey, a.publicKey]));
    expect(readFileSync(shared, 'utf8')).toBe(`${other}\n`);
  });

  it('refuses key lines that could carry shell syntax', () => {
    expect(() => addKeyScript(`${a.publicKey}'; touch /tmp/x; '`)).toThrow(/malformed/);
    expect(() => removeKeysScript(['ssh-ed25519 $(reboot) x'])).toThrow(/malformed/);
  });
});

describe('describeSshError', () => {
  it('names what a person can act on', () => {
    const auth = Object.assign(new Error('All configured authentication methods failed'), {
      level: 'client-authentication',
    });
    expect(describeSshError(auth, 'password')).toBe('password rejected');
    expect(describeSshError(auth, 'key')).toBe('key not accepted');
    expect(
      describeSshError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), 'key'),
    ).toMatch(/connection refused/);
    expect(describeSshError(new Error('Timed out while waiting for handshake'), 'key')).toBe(
      'timed out',
    );
  });
});
