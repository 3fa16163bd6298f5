import { spawn } from 'node:child_process';
import path from 'node:path';
import { opn } from './opn-client';

const cli = path.join(__dirname, '../src/opn-cli.ts');
const run = (args: string[], env: Record<string, string> = {}) =>
  spawn(process.execPath, ['--import', 'tsx', cli, ...args], {
    cwd: path.join(__dirname, '..'),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

describe('opn-sim CLI', () => {
  it('documents every flag in --help', async () => {
    const p = run(['--help']);
    let out = '';
    p.stdout.on('data', (c: Buffer) => (out += c.toString()));
    await new Promise((r) => p.on('close', r));
    for (const flag of [
      '--port',
      '--host',
      '--version',
      '--key',
      '--secret',
      '--unconfigured',
      '--rollback-ms',
      '--quiet',
      '/_sim/config-xml',
      '/_sim/lockout-on-apply',
    ])
      expect(out).toContain(flag);
  });

  it('starts with the key from the environment, reports the version and stops on SIGTERM', async () => {
    const p = run(['--port', '0', '--version', '24.7.3', '--quiet'], {
      OPN_SIM_KEY: 'cli-key',
      OPN_SIM_SECRET: 'cli-secret',
    });
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no banner: ${out}`)), 20000);
      p.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /(https:\/\/\S+)\/api/.exec(out);
        if (m) {
          clearTimeout(t);
          resolve(m[1]!);
        }
      });
    });
    const fw = await opn(url, 'GET', '/api/core/firmware/info', {
      auth: ['cli-key', 'cli-secret'],
    });
    expect(fw.body.product.product_version).toBe('24.7.3');
    const dnat = await opn(url, 'GET', '/api/firewall/d_nat/search_rule', {
      auth: ['cli-key', 'cli-secret'],
    });
    expect(dnat.status).toBe(404);
    p.kill('SIGTERM');
    const code = await new Promise((r) => p.on('exit', r));
    expect(code).toBe(0);
  });

  it('refuses a key without a secret', async () => {
    const p = run(['--port', '0', '--key', 'x']);
    let err = '';
    p.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const code = await new Promise((r) => p.on('exit', r));
    expect(code).toBe(2);
    expect(err).toContain('--key and --secret go together');
  });
});
