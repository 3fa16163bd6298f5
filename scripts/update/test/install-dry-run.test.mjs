// install.sh --dry-run: the whole plan of a production install is printed and nothing is changed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../../lib/deps.mjs';

const hasApt = spawnSync('sh', ['-c', 'command -v apt-get']).status === 0;

test('install.sh has valid bash syntax', () => {
  for (const f of ['install.sh', 'update-platform.sh', 'rollback-platform.sh']) {
    const r = spawnSync('bash', ['-n', path.join(ROOT, f)], { encoding: 'utf8' });
    assert.equal(r.status, 0, `${f}: ${r.stderr}`);
  }
});

test(
  'install.sh --dry-run prints the plan and changes nothing',
  { skip: !hasApt && 'no apt-get here' },
  () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-install-dry-'));
    const appDir = path.join(tmp, 'app');
    const envExisted = fs.existsSync('/etc/multpanel/multpanel.env');
    const sudoersExisted = fs.existsSync('/etc/sudoers.d/multpanel');
    const userBefore = spawnSync('id', ['multpanel']).status;
    try {
      const r = spawnSync(
        'bash',
        [
          path.join(ROOT, 'install.sh'),
          '--dry-run',
          '--domain',
          'panel.example.test',
          '--dir',
          appDir,
        ],
        {
          encoding: 'utf8',
          timeout: 60_000,
        },
      );
      assert.equal(r.status, 0, r.stderr + r.stdout);
      const out = r.stdout;
      for (const expected of [
        /Dry run: nothing is changed/,
        /\+ apt-get install .*mariadb-server.*redis-server.*nginx/,
        new RegExp(
          `\\+ git clone --quiet ${ROOT.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} ${appDir}`,
        ),
        /\+ chown -R multpanel:multpanel /,
        /write \/etc\/multpanel\/multpanel\.env \(0600 multpanel:multpanel\)|Keeping \/etc\/multpanel\/multpanel\.env/,
        /runuser -u multpanel -- .* npm ci /,
        /runuser -u multpanel -- .* node backend\/dist\/cli\.js migrate/,
        /\+ openssl req -x509 .*-days 3650 .*subjectAltName=DNS:panel\.example\.test,IP:/,
        /write \/etc\/sudoers\.d\/multpanel \(0440 root:root\)/,
        /\+ node .*nginx-site\.mjs --out \/etc\/nginx\/sites-available\/multpanel --server-name panel\.example\.test/,
        /\+ nginx -t/,
        /runuser -u multpanel -- .* pm2 startOrReload .*ecosystem\.config\.js/,
        /Dry run complete/,
      ]) {
        assert.match(out, expected);
      }
      assert.equal(fs.existsSync(appDir), false, 'no checkout was made');
      assert.equal(
        fs.existsSync('/etc/multpanel/multpanel.env'),
        envExisted,
        'no env file was written',
      );
      assert.equal(
        fs.existsSync('/etc/sudoers.d/multpanel'),
        sudoersExisted,
        'no sudoers rule was written',
      );
      assert.equal(spawnSync('id', ['multpanel']).status, userBefore, 'no user was created');
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  },
);
