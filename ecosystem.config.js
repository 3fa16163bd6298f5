// PM2 process file: `pm2 start ecosystem.config.js`. Layout from instances.yml, settings from the env file
// that install.sh writes (MULTPANEL_ENV_FILE, default /etc/multpanel/multpanel.env).
const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');
const { apiNodeArgs } = require('./scripts/lib/node-args.cjs');

const root = __dirname;
const layout = YAML.parse(fs.readFileSync(path.join(root, 'instances.yml'), 'utf8'));
const envFile = process.env.MULTPANEL_ENV_FILE || '/etc/multpanel/multpanel.env';

function readEnvFile(file) {
  if (!fs.existsSync(file)) return {};
  const env = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (m) env[m[1]] = m[2].replace(/^"(.*)"$/, '$1');
  }
  return env;
}

const fileEnv = readEnvFile(envFile);
// instances.yml sets the port; an env file may override it (several installations on one host, tests).
const env = { NODE_ENV: 'production', ...fileEnv, PORT: fileEnv.PORT || String(layout.api.port) };

module.exports = {
  apps: [
    {
      name: 'multpanel-api',
      script: path.join(root, 'backend/dist/main.js'),
      cwd: root,
      instances: layout.api.instances,
      exec_mode: 'cluster',
      node_args: apiNodeArgs(layout.api),
      max_memory_restart: layout.api.max_memory,
      // A reload starts a new process and stops an old one only once the new one listens; PM2's
      // default gives up waiting after 3 s, which a busy host exceeds (both old ones then stop).
      listen_timeout: 60000,
      kill_timeout: 30000,
      env,
    },
    {
      name: 'multpanel-worker',
      script: path.join(root, 'backend/dist/worker.js'),
      cwd: root,
      instances: layout.worker.instances,
      exec_mode: 'fork',
      max_memory_restart: layout.worker.max_memory,
      // Workers finish or hand back their current job on SIGTERM; give them time.
      kill_timeout: 30000,
      env,
    },
    // Replies to ticket mails over SMTP (README, Replies by e-mail): one process, only when the env
    // file sets INBOUND_SMTP_PORT (with TICKET_REPLY_ADDRESS). Not in the API, which stays stateless.
    ...(env.INBOUND_SMTP_PORT
      ? [
          {
            name: 'multpanel-inbound-smtp',
            script: path.join(root, 'backend/dist/inbound-smtp.js'),
            cwd: root,
            instances: 1,
            exec_mode: 'fork',
            max_memory_restart: '300M',
            kill_timeout: 10000,
            env,
          },
        ]
      : []),
  ],
};
