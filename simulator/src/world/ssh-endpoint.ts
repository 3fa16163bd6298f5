import { appendFileSync, chownSync, existsSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ClusterState, Guest } from './types';

// The `/_sim/ssh-endpoint` knob: a new guest "is" a real SSH server the test runs (see types.ts),
// so a deployment that creates a guest can log in to it with the key it gave through cloud-init.

/** At creation (create or clone): the guest reports the endpoint's address and runs its agent. */
export function attachSshEndpoint(c: ClusterState, g: Guest, containerKeys?: unknown): void {
  const ep = c.sshEndpoint;
  if (!ep) return;
  g.sshEndpoint = true;
  g.reportedAddress = ep.address;
  if (g.type === 'qemu') g.guestAgent = true;
  // pct create writes `ssh-public-keys` into the container's root account right away.
  if (g.type === 'lxc' && typeof containerKeys === 'string')
    installKeys(ep.keysFile, containerKeys);
}

/** At boot: cloud-init installs the VM's `sshkeys` (urlencoded, one key per line). */
export function bootSshEndpoint(c: ClusterState, g: Guest): void {
  if (!g.sshEndpoint || g.type !== 'qemu' || g.config.sshkeys === undefined) return;
  installKeys(c.sshEndpoint?.keysFile, decodeURIComponent(String(g.config.sshkeys)));
}

function installKeys(file: string | undefined, keys: string): void {
  if (!file) return;
  const have = new Set(
    existsSync(file)
      ? readFileSync(file, 'utf8')
          .split('\n')
          .map((l) => l.trim())
      : [],
  );
  const add = keys
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !have.has(l));
  if (!add.length) return;
  const fresh = !existsSync(file);
  appendFileSync(file, `${add.join('\n')}\n`, { mode: 0o600 });
  if (fresh) {
    // Like cloud-init: the account owns its authorized_keys (sshd refuses to read it otherwise).
    try {
      const dir = statSync(dirname(file));
      chownSync(file, dir.uid, dir.gid);
    } catch {
      /* not ours to change */
    }
  }
}
