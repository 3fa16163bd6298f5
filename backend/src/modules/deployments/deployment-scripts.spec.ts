import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  baseDir,
  dropReleaseScript,
  envFile,
  fetchScript,
  followAppLogsScript,
  nginxSiteScript,
  parseCommit,
  parseProbe,
  pruneScript,
  removeScript,
  restartScript,
  shq,
  switchScript,
} from './deployment-scripts';

const RID = '0199aaaa-bbbb-7ccc-8ddd-eeeeffff0000';

/** Runs a script with $HOME in a throwaway directory. */
function sh(script: string, home: string, input?: string): string {
  return execFileSync('/bin/sh', ['-c', script], {
    env: { HOME: home, PATH: process.env.PATH },
    input,
    stdio: 'pipe',
  })
    .toString()
    .trim();
}

describe('deployment scripts', () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'mp-deploy-spec-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('quotes anything for sh, and env files expand nothing', () => {
    const nasty = `it's $(touch pwned) "x" \`id\``;
    expect(sh(`printf %s ${shq(nasty)}`, home)).toBe(nasty);
    const file = envFile([{ key: 'A', value: nasty }]);
    expect(sh(`${file}\nprintf %s "$A"`, home)).toBe(nasty);
  });

  it('refuses names and ids that could escape the app directory', () => {
    expect(() => baseDir('../etc')).toThrow();
    expect(() => switchScript('app', '../../x')).toThrow();
    expect(() => fetchScript('app', RID, 'https://h/r.git', 'main', 'HEAD;rm')).toThrow();
    expect(() => pruneScript('app', ['*'])).toThrow();
  });

  it('switches `current` by renaming a new link over the old one', () => {
    const rel = (id: string) => join(home, 'multpanel/apps/app/releases', id);
    const other = '0199aaaa-bbbb-7ccc-8ddd-eeeeffff0001';
    sh(`mkdir -p ${rel(RID)} ${rel(other)}`, home);
    sh(switchScript('app', RID), home);
    expect(sh('readlink "$HOME/multpanel/apps/app/current"', home)).toBe(`releases/${RID}`);
    sh(switchScript('app', other), home);
    expect(sh('readlink "$HOME/multpanel/apps/app/current"', home)).toBe(`releases/${other}`);
    expect(() => sh(switchScript('app', '0199aaaa-bbbb-7ccc-8ddd-eeeeffff0009'), home)).toThrow();
  });

  it('prunes every release directory but the kept ones', () => {
    const other = '0199aaaa-bbbb-7ccc-8ddd-eeeeffff0001';
    sh(
      `mkdir -p "$HOME/multpanel/apps/app/releases/${RID}" "$HOME/multpanel/apps/app/releases/${other}"`,
      home,
    );
    sh(pruneScript('app', [RID]), home);
    expect(sh('ls "$HOME/multpanel/apps/app/releases"', home)).toBe(RID);
  });

  it('the systemd runner writes a unit that starts the launcher with Restart=always', () => {
    const script = restartScript('app', 'systemd', 'deploy', '/home/deploy');
    expect(script).toContain('ExecStart=/home/deploy/multpanel/apps/app/launch.sh');
    expect(script).toContain('Restart=always');
    expect(script).toContain('systemctl restart multpanel-app-app.service');
    expect(() => restartScript('app', 'systemd', 'x', '/home/$(id)')).toThrow();
    expect(restartScript('app', 'process', 'x', home)).toContain('setsid nohup');
  });

  it('parses probe and commit output', () => {
    expect(parseProbe('missing:npm\nrunner:process\nroot:0\nhome:/home/u')).toEqual({
      missing: ['npm'],
      runner: 'process',
      root: false,
      home: '/home/u',
    });
    expect(parseCommit(`${'a'.repeat(40)}\nDev\nfix: it`)).toEqual({
      commit: 'a'.repeat(40),
      author: 'Dev',
      message: 'fix: it',
    });
  });

  it('the fetch reads credentials from stdin: none on the command line or in .git/config', () => {
    const script = fetchScript('app', RID, 'https://git.example.test/a.git', 'main');
    expect(script).not.toMatch(/TOKEN=\S/);
    expect(script).toContain('IFS= read -r TOKEN');
    // A key from stdin lands 0600 in shared/ and nowhere else.
    const keyOnly = script.split('\n').slice(0, 9).join('\n');
    sh(keyOnly, home, `${Buffer.from('PRIVATE').toString('base64')}\n\n`);
    const keyFile = join(home, 'multpanel/apps/app/shared/deploy_key');
    expect(readFileSync(keyFile, 'utf8')).toBe('PRIVATE');
    expect(sh(`stat -c %a ${keyFile}`, home)).toBe('600');
  });
  it('a cancelled release directory goes, never the one `current` points at', () => {
    const other = '0199aaaa-bbbb-7ccc-8ddd-eeeeffff0001';
    const rel = (id: string) => join(home, 'multpanel/apps/app/releases', id);
    sh(`mkdir -p ${rel(RID)} ${rel(other)}`, home);
    sh(switchScript('app', RID), home);
    sh(dropReleaseScript('app', RID), home);
    expect(existsSync(rel(RID))).toBe(true);
    sh(dropReleaseScript('app', other), home);
    expect(existsSync(rel(other))).toBe(false);
    expect(() => dropReleaseScript('app', '../x')).toThrow('invalid release id');
  });

  it('remove stops the app, drops the systemd unit (disabled) and the whole app directory', () => {
    const unit = removeScript('app', 'systemd');
    expect(unit).toContain('systemctl stop multpanel-app-app.service');
    expect(unit).toContain('systemctl disable --quiet multpanel-app-app.service');
    expect(unit).toContain('rm -f /etc/systemd/system/multpanel-app-app.service');
    expect(unit).toContain('systemctl daemon-reload');
    // Process runner, for real: the supervisor's group is killed by its pid file, the tree goes.
    const dir = join(home, 'multpanel/apps/app');
    sh(`mkdir -p ${dir}/releases/${RID}`, home);
    const pid = sh(`setsid sleep 60 >/dev/null 2>&1 < /dev/null & echo $!`, home);
    sh(`echo ${pid} > ${dir}/app.pid`, home);
    sh(removeScript('app', 'process'), home);
    expect(existsSync(dir)).toBe(false);
    // Gone, or a zombie nobody reaped yet (no init in a container): either way not running.
    const stat = `/proc/${pid}/stat`;
    expect(existsSync(stat) ? readFileSync(stat, 'utf8').split(') ')[1]?.[0] : 'gone').toMatch(
      /^(gone|Z)$/,
    );
  });
});

describe('domain and followed logs', () => {
  it('writes an Nginx server block for the domain beside the app', () => {
    const home = mkdtempSync(join(tmpdir(), 'mp-nginx-'));
    try {
      sh(nginxSiteScript('shop', 'shop.example.test', 3100), home);
      const conf = readFileSync(join(home, 'multpanel/apps/shop/nginx.conf'), 'utf8');
      expect(conf).toContain('server_name shop.example.test;');
      expect(conf).toContain('proxy_pass http://127.0.0.1:3100;');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('refuses a domain or port that could inject into the config', () => {
    expect(() => nginxSiteScript('shop', 'x.test; include /etc/passwd', 80)).toThrow(
      'invalid domain',
    );
    expect(() => nginxSiteScript('shop', 'Shop.test', 80)).toThrow('invalid domain');
    expect(() => nginxSiteScript('shop', 'shop.test', 70000)).toThrow('invalid port');
  });

  it('follows the journal or the log file, bounded in time on the guest', () => {
    expect(followAppLogsScript('shop', 'systemd', 50)).toBe(
      'exec timeout 3600 journalctl -u multpanel-app-shop.service -n 50 -f -o cat --no-pager',
    );
    const p = followAppLogsScript('shop', 'process', 5000);
    expect(p).toContain(
      'exec timeout 3600 tail -n 2000 -F "$HOME/multpanel/apps/shop"/logs/app.log',
    );
  });
});
