import { spawn } from 'node:child_process';
import path from 'node:path';
import { PveTestClient } from './pve-client';

const cli = path.join(__dirname, '../src/cli.ts');
const run = (args: string[]) =>
  spawn(process.execPath, ['--import', 'tsx', cli, ...args], {
    cwd: path.join(__dirname, '..'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });

describe('pve-sim CLI', () => {
  it('documents every flag in --help', async () => {
    const p = run(['--help']);
    let out = '';
    p.stdout.on('data', (c: Buffer) => (out += c.toString()));
    await new Promise((r) => p.on('close', r));
    for (const flag of [
      '--port',
      '--host',
      '--clusters',
      '--nodes',
      '--guests',
      '--password',
      '--seed',
      '--state',
      '--task-speed',
      '--auth-delay',
      '--quiet',
      '--appliance-templates',
      '/_sim/fail-tasks',
    ])
      expect(out).toContain(flag);
  });

  it('starts clusters on consecutive ports and stops on SIGTERM', async () => {
    const base = 20000 + Math.floor(Math.random() * 20000);
    const p = run([
      '--port',
      String(base),
      '--clusters',
      '2',
      '--guests',
      '6',
      '--nodes',
      '2',
      '--password',
      'pw-cli',
      '--quiet',
    ]);
    let out = '';
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no banner: ${out}`)), 20000);
      p.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('sim-cluster-2')) {
          clearTimeout(t);
          resolve();
        }
      });
      p.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    expect(out).toContain(`https://127.0.0.1:${base}/api2/json`);
    expect(out).toContain(`https://127.0.0.1:${base + 1}/api2/json`);
    // the CLI process made its own certificate: skip verification like a first-contact client
    const c = new PveTestClient(`https://127.0.0.1:${base + 1}`);
    const r = await c.login('root@pam', 'pw-cli');
    expect(r.status).toBe(200);
    expect((r.body.data as { clustername?: string }).clustername).toBe('sim-cluster-2');
    expect((await c.login('root@pam', 'sim-password')).status).toBe(401);
    p.kill('SIGTERM');
    const code = await new Promise((r) => p.on('exit', r));
    expect(code).toBe(0);
  });
});
