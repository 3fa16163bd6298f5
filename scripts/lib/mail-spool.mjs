import fs from 'node:fs';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';

/**
 * The local SMTP sink of the browser tests: every message the platform sends is written, raw
 * (RFC 822), to `dir` as one `.eml` file, so that tests in another process can read what arrived.
 * (backend/test/helpers/smtp-sink.ts is the in-process sink the integration tests use.)
 */
export async function startMailSpool(dir) {
  fs.mkdirSync(dir, { recursive: true });
  let n = 0;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, cb) {
      const chunks = [];
      stream.on('data', (c) => chunks.push(c));
      stream.on('end', () => {
        const name = `${Date.now()}-${String(++n).padStart(5, '0')}.eml`;
        // Written beside, then renamed: a reader never sees half a message.
        const part = path.join(dir, `.${name}.part`);
        fs.writeFileSync(part, Buffer.concat(chunks));
        fs.renameSync(part, path.join(dir, name));
        cb();
      });
    },
  });
  await new Promise((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const { port } = smtp.server.address();
  return {
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => smtp.close(() => resolve())),
  };
}
