// CPU time (user + system, in seconds) of a process tree, read from /proc, so that test runs can say
// where their CPU goes and not only their wall time (which depends on whatever else loads the machine).
// Used by scripts/test.mjs (per suite, per run) and backend/test/helpers/cpu-reporter.js (per test file).
// Linux only: elsewhere every figure is 0 and `available` is false.
const fs = require('node:fs');

const TICK_S = 0.01; // USER_HZ: 100 on every Linux Node runs on
// The database and Redis servers the suites use: shared with anything else on the machine.
const SERVERS = new Set(['mariadbd', 'mysqld', 'redis-server']);

const available = fs.existsSync('/proc/self/stat');

/** pid → { ppid, comm, ticks }: ticks = own user + system time plus that of its reaped children. */
function processTable() {
  const table = new Map();
  if (!available) return table;
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat;
    try {
      stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    // The command name may hold spaces and parentheses: the numeric fields start after the last ')'.
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const f = stat.slice(close + 2).split(' ');
    // f[0] is field 3 (state); utime, stime, cutime, cstime are fields 14 to 17.
    const ticks = Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    table.set(Number(name), { ppid: Number(f[1]), comm, ticks });
  }
  return table;
}

/**
 * CPU seconds so far of process `root` (default: this one) and all its descendants, leaving out the
 * subtrees rooted at `exclude` (pids); `servers`: the same for the database and Redis servers. A child
 * counts while it runs and, once reaped, through its parent's children's time: the sum only grows,
 * except for a descendant whose parent ended before it (re-parented: no longer counted).
 */
function cpuSample({ root = process.pid, exclude = [] } = {}) {
  const table = processTable();
  const children = new Map();
  for (const [pid, p] of table) {
    if (!children.has(p.ppid)) children.set(p.ppid, []);
    children.get(p.ppid).push(pid);
  }
  const skip = new Set(exclude);
  let tree = 0;
  const todo = [root];
  while (todo.length) {
    const pid = todo.pop();
    const p = table.get(pid);
    if (!p || skip.has(pid)) continue;
    tree += p.ticks;
    todo.push(...(children.get(pid) ?? []));
  }
  let servers = 0;
  for (const p of table.values()) if (SERVERS.has(p.comm)) servers += p.ticks;
  return { tree: tree * TICK_S, servers: servers * TICK_S };
}

module.exports = { available, cpuSample };
