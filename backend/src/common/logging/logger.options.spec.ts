import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pinoHttp from 'pino-http';
import type { AppConfig } from '../../config/app-config';
import { loggerOptions } from './logger.options';

// The request log policy through pino-http itself: what gets a line, at which level, and that
// credentials in headers never reach it.
describe('request logging', () => {
  const lines: Array<Record<string, unknown>> = [];
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    const opts = loggerOptions({ env: { LOG_LEVEL: 'info' } } as AppConfig).pinoHttp;
    const log = pinoHttp(opts as pinoHttp.Options, sink);
    server = createServer((req, res) => {
      log(req, res);
      const status = Number(new URL(req.url!, 'http://x').searchParams.get('status') ?? 200);
      res.statusCode = status;
      res.end();
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((ok) => server.close(ok)));

  const send = async (method: string, path: string) => {
    lines.length = 0;
    await fetch(`${base}${path}`, {
      method,
      headers: { authorization: 'Bearer top-secret-token', cookie: 'mp_refresh=also-secret' },
    });
    await new Promise((ok) => setImmediate(ok));
    return lines.slice();
  };

  it('keeps successful reads out of the info log', async () => {
    expect(await send('GET', '/api/vms')).toEqual([]);
    expect(await send('GET', '/api/health')).toEqual([]);
  });

  it('logs changes at info, client errors at warn and failures at error', async () => {
    const [change] = await send('POST', '/api/vms?status=201');
    expect(change).toMatchObject({ level: 30, service: 'multpanel', res: { statusCode: 201 } });
    expect(change.reqId).toEqual(expect.any(String));
    const [refused] = await send('GET', '/api/vms/x?status=404');
    expect(refused).toMatchObject({ level: 40 });
    const [failed] = await send('GET', '/api/vms?status=502');
    expect(failed).toMatchObject({ level: 50 });
  });

  it('never writes the bearer token or the cookie', async () => {
    const [line] = await send('DELETE', '/api/vms/x?status=204');
    const text = JSON.stringify(line);
    expect(text).toContain('[redacted]');
    expect(text).not.toContain('top-secret-token');
    expect(text).not.toContain('also-secret');
  });
});
