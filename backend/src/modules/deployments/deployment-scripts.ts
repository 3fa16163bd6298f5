import type { FrameworkPreset } from '@multpanel/contracts';

// The shell run on a deployment's guest, step by step (pure: strings in, strings out).
//
// Layout under the SSH user's home: ~/multpanel/apps/<name>/
//   releases/<releaseId>/   one checkout + build per release (rollback targets)
//   current -> releases/<id> switched atomically (symlink renamed over the old one)
//   shared/env              the app's environment (0600, written from stdin: never on a command line)
//   launch.sh               cd current, load env, exec the start command
//   logs/app.log, app.pid   the process runner's output and supervisor pid
//
// Runners: `systemd` (root on a guest with systemd as PID 1: a unit with Restart=always) or `process`
// (anything else, e.g. the test target: a supervisor loop started with setsid/nohup whose pid is kept
// in app.pid; it restarts the app if it exits, but does not survive a reboot of the guest).

export type RunnerKind = 'systemd' | 'process';

/** Single-quoted for POSIX sh. */
export function shq(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

const NAME_RE = /^[a-z0-9][a-z0-9-]{0,47}$/;
const ID_RE = /^[0-9a-f-]{36}$/;
const SHA_RE = /^[0-9a-f]{7,40}$/;

export function baseDir(name: string): string {
  if (!NAME_RE.test(name)) throw new Error('invalid deployment name');
  return `"$HOME/multpanel/apps/${name}"`;
}

function release(name: string, releaseId: string): string {
  if (!ID_RE.test(releaseId)) throw new Error('invalid release id');
  return `"$HOME/multpanel/apps/${name}/releases/${releaseId}"`;
}

export const unitName = (name: string) => `multpanel-app-${name}.service`;

/** Binaries each runtime needs (git always). */
export function requiredBinaries(runtime: FrameworkPreset['runtime']): string[] {
  switch (runtime) {
    case 'node':
      return ['git', 'node', 'npm'];
    case 'python':
      return ['git', 'python3'];
    case 'php':
      return ['git', 'php', 'composer'];
    case 'docker':
      return ['git', 'docker'];
  }
}

/** Debian packages that provide a runtime's binaries (the distribution's versions). */
export function runtimePackages(runtime: FrameworkPreset['runtime']): string[] {
  switch (runtime) {
    case 'node':
      return ['git', 'nodejs', 'npm'];
    case 'python':
      return ['git', 'python3', 'python3-venv', 'python3-pip'];
    case 'php':
      return ['git', 'php-cli', 'composer'];
    case 'docker':
      return ['git', 'docker.io', 'docker-compose'];
  }
}

/** Prints `missing:<bin>` per absent binary, then `runner:<kind>` and `root:<0|1>`. */
export function probeScript(bins: string[]): string {
  return [
    `for c in ${bins.join(' ')}; do command -v "$c" >/dev/null 2>&1 || echo "missing:$c"; done`,
    'if [ "$(id -u)" = 0 ] && command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then echo runner:systemd; else echo runner:process; fi',
    'if [ "$(id -u)" = 0 ]; then echo root:1; else echo root:0; fi',
    'echo "home:$HOME"',
  ].join('\n');
}

export interface Probe {
  missing: string[];
  runner: RunnerKind;
  root: boolean;
  home: string;
}

export function parseProbe(out: string): Probe {
  const lines = out.split('\n').map((l) => l.trim());
  return {
    home: lines.find((l) => l.startsWith('home:'))?.slice(5) ?? '',
    missing: lines.filter((l) => l.startsWith('missing:')).map((l) => l.slice(8)),
    runner: lines.includes('runner:systemd') ? 'systemd' : 'process',
    root: lines.includes('root:1'),
  };
}

export function installRuntimeScript(packages: string[]): string {
  return `export DEBIAN_FRONTEND=noninteractive && apt-get update -q && apt-get install -y -q ${packages.join(' ')}`;
}

/**
 * Clone the ref into the release directory and check out the exact commit (when given). Stdin
 * carries the credentials, one line each: the deploy key (base64 of the private key, or empty) and
 * the https token (or empty); neither reaches a command line or the release's .git/config.
 */
export function fetchScript(
  name: string,
  releaseId: string,
  repoUrl: string,
  ref: string,
  commit?: string,
): string {
  if (commit && !SHA_RE.test(commit)) throw new Error('invalid commit');
  const b = baseDir(name);
  const r = release(name, releaseId);
  return [
    'set -e',
    'umask 077',
    'IFS= read -r KEY_B64 || true',
    'IFS= read -r TOKEN || true',
    `mkdir -p ${b}/releases ${b}/shared ${b}/logs`,
    `rm -rf ${r}`,
    `KEYFILE=${b}/shared/deploy_key`,
    'if [ -n "$KEY_B64" ]; then printf %s "$KEY_B64" | base64 -d > "$KEYFILE"; chmod 600 "$KEYFILE";',
    '  export GIT_SSH_COMMAND="ssh -i $KEYFILE -o IdentitiesOnly=yes -o StrictHostKeyChecking=accept-new"; fi',
    'if [ -n "$TOKEN" ]; then export GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=http.extraHeader;',
    '  export GIT_CONFIG_VALUE_0="Authorization: Basic $(printf "x-access-token:%s" "$TOKEN" | base64 -w0)"; fi',
    'umask 022',
    `git clone --quiet --branch ${shq(ref)} --single-branch ${shq(repoUrl)} ${r}`,
    `cd ${r}`,
    ...(commit ? [`git checkout --quiet --detach ${commit}`] : []),
    `printf 'MULTPANEL_COMMIT=%s\nMULTPANEL_RELEASE=%s\n' "$(git rev-parse HEAD)" ${releaseId} > .multpanel-release`,
    `git log -1 --format='%H%n%an%n%s'`,
  ].join('\n');
}

export function parseCommit(out: string): { commit: string; author: string; message: string } {
  const [commit = '', author = '', message = ''] = out.trim().split('\n').slice(-3);
  return { commit: commit.trim(), author: author.slice(0, 200), message: message.slice(0, 500) };
}

/** `export KEY='value'` lines for shared/env (values single-quoted, so nothing is expanded). */
export function envFile(vars: Array<{ key: string; value: string }>): string {
  return vars.map((v) => `export ${v.key}=${shq(v.value)}\n`).join('');
}

/** Writes stdin to shared/env (0600) and the launcher that starts the app from `current`. */
export function writeEnvScript(name: string, startCommand: string): string {
  const b = baseDir(name);
  const launcher = [
    '#!/bin/sh',
    `cd ${b}/current || exit 1`,
    'set -a',
    `. ${b}/shared/env`,
    // MULTPANEL_COMMIT / MULTPANEL_RELEASE of the release `current` points at.
    '[ -f ./.multpanel-release ] && . ./.multpanel-release',
    'set +a',
    `exec /bin/sh -c ${shq(startCommand)}`,
    '',
  ].join('\n');
  return [
    'set -e',
    `mkdir -p ${b}/shared`,
    `(umask 077 && cat > ${b}/shared/env.tmp)`,
    `mv -f ${b}/shared/env.tmp ${b}/shared/env`,
    `cat > ${b}/launch.sh <<'MULTPANEL_EOF'\n${launcher}MULTPANEL_EOF`,
    `chmod 700 ${b}/launch.sh`,
  ].join('\n');
}

/** One build step (install or build) in the release directory with the app's env loaded. */
export function buildStepScript(name: string, releaseId: string, commandLine: string): string {
  const b = baseDir(name);
  return [
    'set -e',
    `cd ${release(name, releaseId)}`,
    'set -a',
    `. ${b}/shared/env`,
    'set +a',
    `/bin/sh -c ${shq(commandLine)} 2>&1`,
  ].join('\n');
}

/** Points `current` at the release with one rename (readers never see a missing link). */
export function switchScript(name: string, releaseId: string): string {
  const b = baseDir(name);
  const r = release(name, releaseId);
  return [
    'set -e',
    `test -d ${r} || { echo "release directory is gone" >&2; exit 3; }`,
    `ln -sfn releases/${releaseId} ${b}/.current.tmp`,
    `mv -Tf ${b}/.current.tmp ${b}/current`,
  ].join('\n');
}

/** Stops the app, then starts it from `current`. */
export function restartScript(
  name: string,
  runner: RunnerKind,
  user: string,
  home: string,
): string {
  const b = baseDir(name);
  if (runner === 'systemd') {
    if (!/^\/[A-Za-z0-9._/-]*$/.test(home)) throw new Error('unusable home directory');
    const unit = unitName(name);
    const body = [
      '[Unit]',
      `Description=Multpanel application ${name}`,
      'After=network-online.target',
      '[Service]',
      `User=${user}`,
      `ExecStart=${home}/multpanel/apps/${name}/launch.sh`,
      'Restart=always',
      'RestartSec=2',
      '[Install]',
      'WantedBy=multi-user.target',
      '',
    ].join('\n');
    return [
      'set -e',
      `cat > /etc/systemd/system/${unit} <<'MULTPANEL_EOF'\n${body}MULTPANEL_EOF`,
      'systemctl daemon-reload',
      `systemctl enable --quiet ${unit}`,
      `systemctl restart ${unit}`,
    ].join('\n');
  }
  return [stopScript(name, 'process'), processStart(b)].join('\n');
}

function processStart(b: string): string {
  const supervisor = [
    '#!/bin/sh',
    // The supervisor restarts the app when it exits (systemd's Restart=always, without reboots).
    `while :; do ${b}/launch.sh; echo "[multpanel] app exited with $?, restarting in 2 s"; sleep 2; done`,
    '',
  ].join('\n');
  return [
    `cat > ${b}/supervise.sh <<'MULTPANEL_EOF'\n${supervisor}MULTPANEL_EOF`,
    `chmod 700 ${b}/supervise.sh`,
    `setsid nohup ${b}/supervise.sh >> ${b}/logs/app.log 2>&1 < /dev/null &`,
    `echo $! > ${b}/app.pid`,
  ].join('\n');
}

/** Stops the app (the process runner kills the supervisor's whole process group). */
export function stopScript(name: string, runner: RunnerKind): string {
  const b = baseDir(name);
  if (runner === 'systemd') return `systemctl stop ${unitName(name)} || true`;
  return [
    `if [ -f ${b}/app.pid ]; then`,
    `  P=$(cat ${b}/app.pid)`,
    '  kill -TERM -- "-$P" 2>/dev/null || kill -TERM "$P" 2>/dev/null || true',
    '  i=0; while kill -0 "$P" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done',
    '  kill -KILL -- "-$P" 2>/dev/null || true',
    `  rm -f ${b}/app.pid`,
    'fi',
  ].join('\n');
}

/** Removes release directories not in `keep`. */
export function pruneScript(name: string, keep: string[]): string {
  const b = baseDir(name);
  keep.forEach((id) => {
    if (!ID_RE.test(id)) throw new Error('invalid release id');
  });
  const pattern = keep.length ? keep.join('|') : '__none__';
  return [
    `cd ${b}/releases 2>/dev/null || exit 0`,
    `for d in *; do [ -d "$d" ] || continue; case "$d" in ${pattern}) ;; *) rm -rf "$d" ;; esac; done`,
  ].join('\n');
}

/** Removes the app: stops it (systemd: stops and disables its unit, drops it), deletes its directory. */
export function removeScript(name: string, runner: RunnerKind): string {
  const b = baseDir(name);
  const unit =
    runner === 'systemd'
      ? [
          `systemctl disable --quiet ${unitName(name)} 2>/dev/null || true`,
          `rm -f /etc/systemd/system/${unitName(name)}`,
          'systemctl daemon-reload || true',
        ]
      : [];
  return [stopScript(name, runner), ...unit, `rm -rf ${b}`].join('\n');
}

/** Deletes one release directory (a cancelled build), never the one `current` points at. */
export function dropReleaseScript(name: string, releaseId: string): string {
  const b = baseDir(name);
  const r = release(name, releaseId);
  return [
    `if [ "$(readlink ${b}/current 2>/dev/null)" = releases/${releaseId} ]; then exit 0; fi`,
    `rm -rf ${r}`,
  ].join('\n');
}

/** The app's own recent output. */
export function appLogsScript(name: string, runner: RunnerKind, lines: number): string {
  const n = Math.max(1, Math.min(2000, Math.floor(lines)));
  return runner === 'systemd'
    ? `journalctl -u ${unitName(name)} -n ${n} --no-pager`
    : `tail -n ${n} ${baseDir(name)}/logs/app.log 2>/dev/null || true`;
}

/** Longest a followed log runs on the guest (the API closes its stream sooner). */
export const FOLLOW_MAX_SECONDS = 3600;

/**
 * The app's output as it comes (the journal of its unit, or the process runner's log file), after
 * its last `lines` lines. Bounded by `timeout` on the guest, so a dropped session leaves nothing
 * running for long.
 */
export function followAppLogsScript(name: string, runner: RunnerKind, lines: number): string {
  const n = Math.max(0, Math.min(2000, Math.floor(lines)));
  const b = baseDir(name);
  return runner === 'systemd'
    ? `exec timeout ${FOLLOW_MAX_SECONDS} journalctl -u ${unitName(name)} -n ${n} -f -o cat --no-pager`
    : `mkdir -p ${b}/logs && touch ${b}/logs/app.log && exec timeout ${FOLLOW_MAX_SECONDS} tail -n ${n} -F ${b}/logs/app.log`;
}

const DOMAIN_RE = /^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/;

/**
 * The deployment's domain as an Nginx server block proxying to the app's port, written to
 * `<app>/nginx.conf` for whoever runs the reverse proxy to include; nothing here installs or
 * reloads Nginx, and no DNS record or certificate is made.
 */
export function nginxSiteScript(name: string, domain: string, port: number): string {
  if (!DOMAIN_RE.test(domain)) throw new Error('invalid domain');
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error('invalid port');
  const body = [
    `# Multpanel application ${name}: include this in the reverse proxy's http block.`,
    'server {',
    '  listen 80;',
    `  server_name ${domain};`,
    '  location / {',
    `    proxy_pass http://127.0.0.1:${port};`,
    '    proxy_set_header Host $host;',
    '    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
    '    proxy_set_header X-Forwarded-Proto $scheme;',
    '    proxy_http_version 1.1;',
    '    proxy_set_header Upgrade $http_upgrade;',
    '    proxy_set_header Connection "upgrade";',
    '  }',
    '}',
    '',
  ].join('\n');
  const b = baseDir(name);
  return [
    'set -e',
    `mkdir -p ${b}`,
    `cat > ${b}/nginx.conf <<'MULTPANEL_EOF'\n${body}MULTPANEL_EOF`,
  ].join('\n');
}
