// Runs a command with its output streamed line by line into the run's log.
import { spawn } from 'node:child_process';

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

export function runLogged(rep, cmd, args, { cwd, env, timeoutMs = 20 * 60_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const tail = [];
    const pipe = (stream) => {
      let buf = '';
      stream.on('data', (chunk) => {
        buf += chunk.toString();
        const lines = buf.split('\n');
        buf = lines.pop();
        for (const raw of lines) {
          // Strip colours and carriage-return progress bars.
          const line = raw.replace(ANSI, '').split('\r').pop().trimEnd();
          // PM2's process tables are noise in an update log.
          if (!line || /^[│┌├└]/.test(line)) continue;
          rep.log(line);
          tail.push(line);
          if (tail.length > 8) tail.shift();
        }
      });
      stream.on('end', () => buf.trim() && rep.log(buf.trim()));
    };
    pipe(child.stdout);
    pipe(child.stderr);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (err) => (clearTimeout(timer), reject(err)));
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve();
      // The error a person needs is usually the first line that says so, not the last one.
      const why =
        tail.find((l) => /error|failed|cannot|not found/i.test(l)) ?? tail[tail.length - 1];
      const what = `${[cmd, ...args].join(' ').slice(0, 120)} ${signal ? `was killed (${signal})` : `exited with ${code}`}`;
      reject(new Error(why ? `${what}: ${why}` : what));
    });
  });
}
