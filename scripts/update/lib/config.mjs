// Engine settings: the installation's env file (as the API reads it) plus UPDATE_* keys.
import fs from 'node:fs';
import path from 'node:path';

export function readEnvFile(file) {
  if (!file || !fs.existsSync(file)) return {};
  const env = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (m) env[m[1]] = m[2].replace(/^"(.*)"$/, '$1');
  }
  return env;
}

/** The API port from instances.yml (api.port), without a YAML library. */
function layoutPort(appDir) {
  const file = path.join(appDir, 'instances.yml');
  if (!fs.existsSync(file)) return null;
  const m = /^api:[^\n]*\n(?:[ \t]+[^\n]*\n)*?[ \t]+port:\s*(\d+)/m.exec(
    fs.readFileSync(file, 'utf8'),
  );
  return m ? Number(m[1]) : null;
}

const truthy = (v) => /^(1|true|yes)$/i.test(String(v ?? ''));

export function loadConfig(appDir) {
  const envFile = process.env.MULTPANEL_ENV_FILE || '/etc/multpanel/multpanel.env';
  // The process environment wins: the API passes its own (already resolved) settings.
  const env = { ...readEnvFile(envFile), ...process.env, MULTPANEL_ENV_FILE: envFile };
  const port = env.PORT || layoutPort(appDir) || 8080;
  return {
    appDir,
    env,
    remote: env.UPDATE_REMOTE || 'origin',
    allowPrerelease: truthy(env.UPDATE_ALLOW_PRERELEASE),
    stateDir: env.UPDATE_STATE_DIR || path.join(appDir, '.multpanel', 'updates'),
    healthUrl: env.UPDATE_HEALTH_URL || `http://127.0.0.1:${port}/api/health`,
    healthTimeoutMs: Number(env.UPDATE_HEALTH_TIMEOUT_S || 120) * 1000,
    // PM2 binary; "none" when the processes are managed another way (development).
    pm2: env.UPDATE_PM2 || 'pm2',
    minFreeMb: Number(env.UPDATE_MIN_FREE_MB || 1024),
    databaseUrl: env.DATABASE_URL,
    redisUrl: env.REDIS_URL || 'redis://127.0.0.1:6379',
    redisPrefix: env.REDIS_PREFIX || 'mp',
  };
}

/** The release this checkout runs: the root package.json version (what /api/health reports). */
export function runningVersion(appDir) {
  return JSON.parse(fs.readFileSync(path.join(appDir, 'package.json'), 'utf8')).version;
}
