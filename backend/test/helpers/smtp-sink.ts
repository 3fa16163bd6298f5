import { SMTPServer } from 'smtp-server';

/** A local SMTP server that keeps every message it receives (raw RFC 822 text). */
export async function startSmtpSink(): Promise<{
  url: string;
  mails: string[];
  close(): Promise<void>;
}> {
  const mails: string[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, cb) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString()));
      stream.on('end', () => {
        mails.push(raw);
        cb();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  const port = (smtp.server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise<void>((r) => smtp.close(() => r())),
  };
}
