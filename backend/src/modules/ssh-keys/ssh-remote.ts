import type { NodeSSH } from 'node-ssh';
import { blobOfLine, fingerprintOf } from './ssh-key-material';

// Shell steps run on a node over SSH. Keys are embedded only after KEY_LINE_RE accepted them (base64 +
// a comment we generate), so nothing a caller sends ever reaches the remote shell.

export interface SshTarget {
  host: string;
  port: number;
  username: string;
  /** Pinned host key fingerprint (SHA256:…); null = trust on first use. */
  hostKey?: string | null;
}

/** Host key the server presented; `pinned` when it matched a stored fingerprint. */
export type HostKeySeen = (fingerprint: string) => Promise<void>;

export type SshAuth = { password: string } | { privateKey: string };

export const SSH_TIMEOUT_MS = 10_000;
const KEY_LINE_RE = /^ssh-ed25519 [A-Za-z0-9+/]+={0,2} [A-Za-z0-9@._:-]+$/;
const AUTH_KEYS = '"$HOME/.ssh/authorized_keys"';

function checkedLine(line: string): string {
  if (!KEY_LINE_RE.test(line)) throw new Error('refusing to send a malformed key line');
  return line;
}

/** mkdir -p ~/.ssh, 700/600 modes, append the line unless its key blob is already there. */
export function addKeyScript(line: string): string {
  const l = checkedLine(line);
  const blob = blobOfLine(l);
  return [
    'umask 077',
    'mkdir -p "$HOME/.ssh"',
    'chmod 700 "$HOME/.ssh"',
    `touch ${AUTH_KEYS}`,
    `chmod 600 ${AUTH_KEYS}`,
    // A file without a final newline would glue our line onto the last key.
    `if [ -s ${AUTH_KEYS} ] && [ -n "$(tail -c1 ${AUTH_KEYS})" ]; then echo >> ${AUTH_KEYS}; fi`,
    `grep -qF '${blob}' ${AUTH_KEYS} || printf '%s\\n' '${l}' >> ${AUTH_KEYS}`,
  ].join(' && ');
}

/**
 * Drop every line carrying one of the blobs. Rewritten in place (cat >) so a symlinked file (Proxmox
 * links root's to /etc/pve/priv/authorized_keys) keeps its link and mode.
 */
export function removeKeysScript(lines: string[]): string {
  const patterns = lines.map((l) => `-e '${blobOfLine(checkedLine(l))}'`).join(' ');
  const tmp = '"$HOME/.ssh/.authorized_keys.multpanel"';
  return [
    'umask 077',
    `{ grep -vF ${patterns} ${AUTH_KEYS} > ${tmp} || true; }`,
    `cat ${tmp} > ${AUTH_KEYS}`,
    `rm -f ${tmp}`,
  ].join(' && ');
}

export class SshError extends Error {}

/** Maps ssh2's terse failures to what a person can act on (the password is never part of it). */
export function describeSshError(err: unknown, auth: 'password' | 'key'): string {
  const e = err as { message?: string; code?: string; level?: string };
  const msg = e?.message ?? String(err);
  if (e?.level === 'client-authentication' || /authentication methods failed/i.test(msg)) {
    return auth === 'password' ? 'password rejected' : 'key not accepted';
  }
  if (e?.code === 'ECONNREFUSED') return 'connection refused (is sshd running on that port?)';
  if (e?.code === 'EHOSTUNREACH' || e?.code === 'ENETUNREACH') return 'host unreachable';
  if (e?.code === 'ENOTFOUND' || e?.code === 'EAI_AGAIN') return 'host name does not resolve';
  if (/timed out/i.test(msg)) return 'timed out';
  return msg;
}

/** One SSH session: connect, run scripts, always dispose. */
export async function withSsh<T>(
  target: SshTarget,
  auth: SshAuth,
  fn: (ssh: NodeSSH) => Promise<T>,
  timeoutMs = SSH_TIMEOUT_MS,
  onHostKey?: HostKeySeen,
): Promise<T> {
  // node-ssh (ssh2 and its crypto) is loaded on the first session, not at start-up.
  const { NodeSSH } = await import('node-ssh');
  const ssh = new NodeSSH();
  let mismatch: string | null = null;
  let seen: string | null = null;
  try {
    await ssh
      .connect({
        host: target.host,
        port: target.port,
        username: target.username,
        readyTimeout: timeoutMs,
        tryKeyboard: false,
        // Checked before any credential is sent: a password never goes to a host that changed.
        hostVerifier: (key: Buffer) => {
          const fp = fingerprintOf(key);
          if (target.hostKey && target.hostKey !== fp) {
            mismatch = `host key changed (pinned ${target.hostKey}, got ${fp}); if the node was reinstalled, save its SSH target again to re-pin`;
            return false;
          }
          seen = fp;
          return true;
        },
        ...('password' in auth ? { password: auth.password } : { privateKey: auth.privateKey }),
      })
      .catch((err: unknown) => {
        throw new SshError(
          mismatch ?? describeSshError(err, 'password' in auth ? 'password' : 'key'),
        );
      });
    // Pinned only once a login succeeded; later sessions of this target then require it.
    if (seen && !target.hostKey) {
      target.hostKey = seen;
      await onHostKey?.(seen);
    }
    return await fn(ssh);
  } finally {
    ssh.dispose();
  }
}

export async function run(ssh: NodeSSH, script: string): Promise<string> {
  const r = await ssh.execCommand(script);
  if (r.code !== 0) {
    throw new SshError(
      `remote command failed (${r.code}): ${(r.stderr || r.stdout).slice(0, 300)}`,
    );
  }
  return r.stdout;
}

/** Does the node let this key in? Returns latency of connect + a no-op command. */
export async function tryKeyLogin(
  target: SshTarget,
  privateKey: string,
  timeoutMs = SSH_TIMEOUT_MS,
  onHostKey?: HostKeySeen,
): Promise<{ ok: true; latencyMs: number } | { ok: false; error: string }> {
  const started = Date.now();
  try {
    await withSsh(target, { privateKey }, (ssh) => run(ssh, 'true'), timeoutMs, onHostKey);
    return { ok: true, latencyMs: Date.now() - started };
  } catch (err) {
    return {
      ok: false,
      error: err instanceof SshError ? err.message : describeSshError(err, 'key'),
    };
  }
}
