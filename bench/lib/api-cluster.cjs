// Runs N API processes on one port with node:cluster, as PM2's cluster mode (instances.yml) does.
// Usage: node api-cluster.cjs <instances> <script> [node flags for the workers...]
const cluster = require('node:cluster');

const [instances, script, ...execArgv] = process.argv.slice(2);
cluster.setupPrimary({ exec: script, execArgv, silent: false });
for (let i = 0; i < Number(instances); i++) cluster.fork();
let exiting = false;
cluster.on('exit', () => {
  if (!exiting) process.exitCode = 1; // a worker died on its own: the run is not valid
  if (Object.keys(cluster.workers).length === 0) process.exit();
});
process.on('SIGTERM', () => {
  exiting = true;
  for (const w of Object.values(cluster.workers)) w.process.kill('SIGTERM');
});
