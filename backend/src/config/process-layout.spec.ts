import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import YAML from 'yaml';

// The shipped process layout: instances.yml → scripts/lib/node-args.cjs → PM2's ecosystem file.
const root = resolve(__dirname, '..', '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { apiNodeArgs } = require(resolve(root, 'scripts/lib/node-args.cjs')) as {
  apiNodeArgs(api?: Record<string, unknown>): string[];
};

describe('API process flags', () => {
  it('maps each instances.yml setting to its V8 flag', () => {
    expect(
      apiNodeArgs({ heap_mb: 256, young_mb: 32, pretenuring: false, heap_growth_percent: 100 }),
    ).toEqual([
      '--max-old-space-size=256',
      '--max-semi-space-size=32',
      '--no-allocation-site-pretenuring',
      '--heap-growing-percent=100',
    ]);
  });

  it("leaves V8's defaults alone for settings that are absent", () => {
    expect(apiNodeArgs({})).toEqual([]);
    expect(apiNodeArgs({ pretenuring: true })).toEqual([]);
  });

  it('gives PM2 the flags of the shipped instances.yml', () => {
    const layout = YAML.parse(readFileSync(resolve(root, 'instances.yml'), 'utf8')) as {
      api: Record<string, unknown>;
    };
    expect(layout.api.pretenuring).toBe(false);
    expect(layout.api.heap_growth_percent).toBe(100);
    process.env.MULTPANEL_ENV_FILE = resolve(root, 'does-not-exist.env');
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const pm2 = require(resolve(root, 'ecosystem.config.js')) as {
        apps: Array<{ name: string; node_args?: string[] }>;
      };
      const api = pm2.apps.find((a) => a.name === 'multpanel-api');
      expect(api?.node_args).toEqual(apiNodeArgs(layout.api));
      expect(api?.node_args).toContain('--no-allocation-site-pretenuring');
      expect(api?.node_args).toContain('--heap-growing-percent=100');
    } finally {
      delete process.env.MULTPANEL_ENV_FILE;
    }
  });

  it('runs the inbound SMTP process only when the env file sets INBOUND_SMTP_PORT', () => {
    const apps = (envFile: string) => {
      process.env.MULTPANEL_ENV_FILE = envFile;
      let list: Array<{ name: string; instances: number }> = [];
      try {
        // A fresh copy of the file each time: it reads the env file when it is loaded.
        jest.isolateModules(() => {
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          list = (require(resolve(root, 'ecosystem.config.js')) as { apps: typeof list }).apps;
        });
      } finally {
        delete process.env.MULTPANEL_ENV_FILE;
      }
      return list;
    };
    const dir = mkdtempSync(join(tmpdir(), 'mp-layout-'));
    try {
      const env = join(dir, 'multpanel.env');
      writeFileSync(env, 'TICKET_REPLY_ADDRESS=support@mp.test\nINBOUND_SMTP_PORT=2525\n');
      const smtp = apps(env).find((a) => a.name === 'multpanel-inbound-smtp');
      expect(smtp).toMatchObject({
        instances: 1,
        script: expect.stringMatching(/inbound-smtp\.js$/),
      });
      expect(apps(join(dir, 'none.env')).map((a) => a.name)).toEqual([
        'multpanel-api',
        'multpanel-worker',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
