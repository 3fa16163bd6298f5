import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chainIsTrusted, splitPem } from './chain-trust';

// A root, an intermediate and a leaf made with openssl: HSTS only for a chain that reaches a trusted root.
describe('chainIsTrusted', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mp-chain-'));
  const ossl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  const read = (f: string) => readFileSync(join(dir, f), 'utf8');

  beforeAll(() => {
    writeFileSync(
      join(dir, 'ca.ext'),
      'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n',
    );
    writeFileSync(join(dir, 'leaf.ext'), 'subjectAltName=DNS:panel.example.test\n');
    ossl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=Test Root',
      '-keyout',
      'root.key',
      '-out',
      'root.pem',
    );
    ossl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      '/CN=Test Intermediate',
      '-keyout',
      'int.key',
      '-out',
      'int.csr',
    );
    ossl(
      'x509',
      '-req',
      '-in',
      'int.csr',
      '-CA',
      'root.pem',
      '-CAkey',
      'root.key',
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      'ca.ext',
      '-out',
      'int.pem',
    );
    ossl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      '/CN=panel.example.test',
      '-keyout',
      'leaf.key',
      '-out',
      'leaf.csr',
    );
    ossl(
      'x509',
      '-req',
      '-in',
      'leaf.csr',
      '-CA',
      'int.pem',
      '-CAkey',
      'int.key',
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      'leaf.ext',
      '-out',
      'leaf.pem',
    );
    ossl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=self',
      '-keyout',
      'self.key',
      '-out',
      'self.pem',
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('trusts leaf + intermediate when the root is a trust anchor', () => {
    const chain = read('leaf.pem') + read('int.pem');
    expect(splitPem(chain)).toHaveLength(2);
    expect(chainIsTrusted(chain, read('root.pem'))).toBe(true);
  });

  it('does not trust an unknown root, a missing intermediate, a self-signed certificate or an expired chain', () => {
    expect(chainIsTrusted(read('leaf.pem') + read('int.pem'))).toBe(false);
    expect(chainIsTrusted(read('leaf.pem'), read('root.pem'))).toBe(false);
    expect(chainIsTrusted(read('self.pem'))).toBe(false);
    const later = new Date(Date.now() + 10 * 86400_000);
    expect(chainIsTrusted(read('leaf.pem') + read('int.pem'), read('root.pem'), later)).toBe(false);
    expect(chainIsTrusted('')).toBe(false);
  });
});
