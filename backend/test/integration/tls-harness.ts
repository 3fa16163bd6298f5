import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { freePort } from '../helpers/free-port';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// Real peers for the TLS tests: Debian's nginx with the project's site template, and Debian's pebble
// (an ACME server) with pebble-challtestsrv as its DNS, which resolves every name to 127.0.0.1.

const has = (bin: string) => spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0;

export function tlsSkipReason(): string | null {
  for (const bin of ['nginx', 'pebble', 'pebble-challtestsrv', 'openssl'])
    if (!has(bin)) return `${bin} is not installed (apt-get install nginx-light pebble openssl)`;
  return null;
}

export { freePort };

async function waitPort(port: number, ms = 15000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((done) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => (s.destroy(), done(true)));
      s.once('error', () => done(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`port ${port} did not open`);
}

export const openssl = (args: string[], cwd?: string) =>
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });

/** A self-signed certificate as install.sh makes it (10 years, SANs for the name and the IP). */
export function selfSigned(dir: string, name: string, ip = '127.0.0.1') {
  const cert = join(dir, 'multpanel.crt');
  const key = join(dir, 'multpanel.key');
  openssl([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '3650',
    '-subj',
    `/CN=${name}`,
    '-addext',
    `subjectAltName=DNS:${name},IP:${ip}`,
    '-keyout',
    key,
    '-out',
    cert,
  ]);
  return { cert, key };
}

export class PebbleFixture {
  readonly dir = mkdtempSync(join(tmpdir(), 'mp-pebble-'));
  private readonly procs: ChildProcess[] = [];
  directoryUrl = '';
  caFile = '';
  managementPort = 0;

  /** httpPort: where pebble's validator fetches HTTP-01 tokens (Nginx's port 80 stand-in). */
  async start(httpPort: number): Promise<void> {
    openssl(
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=pebble-test-ca',
        '-keyout',
        'ca.key',
        '-out',
        'ca.pem',
      ],
      this.dir,
    );
    openssl(
      [
        'req',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-subj',
        '/CN=localhost',
        '-keyout',
        'key.pem',
        '-out',
        'req.csr',
      ],
      this.dir,
    );
    writeFileSync(join(this.dir, 'san.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
    openssl(
      [
        'x509',
        '-req',
        '-in',
        'req.csr',
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-days',
        '2',
        '-extfile',
        'san.ext',
        '-out',
        'cert.pem',
      ],
      this.dir,
    );
    this.caFile = join(this.dir, 'ca.pem');
    const [dns, dnsMgmt, listen, mgmt] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    this.managementPort = mgmt;
    this.spawn('pebble-challtestsrv', [
      '-dns01',
      `127.0.0.1:${dns}`,
      '-http01',
      '',
      '-https01',
      '',
      '-tlsalpn01',
      '',
      '-management',
      `127.0.0.1:${dnsMgmt}`,
      '-defaultIPv4',
      '127.0.0.1',
      '-defaultIPv6',
      '',
    ]);
    writeFileSync(
      join(this.dir, 'pebble.json'),
      JSON.stringify({
        pebble: {
          listenAddress: `127.0.0.1:${listen}`,
          managementListenAddress: `127.0.0.1:${mgmt}`,
          certificate: join(this.dir, 'cert.pem'),
          privateKey: join(this.dir, 'key.pem'),
          httpPort,
          tlsPort: await freePort(),
          ocspResponderURL: '',
          externalAccountBindingRequired: false,
        },
      }),
    );
    await waitPort(dnsMgmt);
    this.spawn(
      'pebble',
      ['-config', join(this.dir, 'pebble.json'), '-dnsserver', `127.0.0.1:${dns}`],
      {
        PEBBLE_VA_NOSLEEP: '1',
        PEBBLE_WFE_NONCEREJECT: '0',
      },
    );
    await waitPort(listen);
    await waitPort(mgmt);
    this.directoryUrl = `https://127.0.0.1:${listen}/dir`;
  }

  /** Pebble's issuing root (new on every start): the trust anchor for HSTS in the tests. */
  async rootPem(): Promise<string> {
    const { Agent, request } = await import('node:https');
    const agent = new Agent({ rejectUnauthorized: false });
    return new Promise((done, fail) => {
      request(`https://127.0.0.1:${this.managementPort}/roots/0`, { agent }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => done(body));
      })
        .on('error', fail)
        .end();
    });
  }

  private spawn(bin: string, args: string[], env: Record<string, string> = {}) {
    const p = spawn(bin, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    p.stderr?.resume();
    this.procs.push(p);
  }

  stop(): void {
    for (const p of this.procs) p.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Debian's nginx running the rendered site under a private prefix (pid, logs, temp files). */
export class NginxFixture {
  readonly dir = mkdtempSync(join(tmpdir(), 'mp-nginx-'));
  readonly conf = join(this.dir, 'nginx.conf');
  readonly site = join(this.dir, 'site.conf');

  constructor() {
    chmodSync(this.dir, 0o755); // workers run as nobody and serve files from here
    for (const d of ['tmp', 'logs']) mkdirSync(join(this.dir, d));
    writeFileSync(
      this.conf,
      [
        'worker_processes 1;',
        `pid ${join(this.dir, 'nginx.pid')};`,
        `error_log ${join(this.dir, 'logs/error.log')};`,
        'events { worker_connections 256; }',
        'http {',
        '  include /etc/nginx/mime.types;',
        `  access_log ${join(this.dir, 'logs/access.log')};`,
        ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
          (t) => `  ${t}_temp_path ${join(this.dir, 'tmp', t)};`,
        ),
        `  include ${this.site};`,
        '}',
        '',
      ].join('\n'),
    );
  }

  private nginx(args: string[]) {
    return spawnSync('nginx', ['-p', this.dir, '-c', this.conf, ...args], { encoding: 'utf8' });
  }

  /** `nginx -t` on the rendered site; returns its output, throws when it fails. */
  test(): string {
    const r = this.nginx(['-t']);
    if (r.status !== 0) throw new Error(`nginx -t failed:\n${r.stderr}`);
    return r.stderr;
  }

  start(): void {
    const r = this.nginx([]);
    if (r.status !== 0) throw new Error(`nginx did not start:\n${r.stderr}`);
  }

  reloadCommand(): string {
    return `nginx -p ${this.dir} -c ${this.conf} -s reload`;
  }

  stop(): void {
    if (existsSync(join(this.dir, 'nginx.pid'))) this.nginx(['-s', 'stop']);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
