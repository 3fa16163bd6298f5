import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createRootLogger } from './app-logger';
import { requestContext } from './request-context';
import { loggableUrl, requestLog } from './request-log';

// The request log policy on a real HTTP server: what gets a line, at which level, with which id,
// and that credentials never reach it.
describe('request log', () => {
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
    const log = requestLog(createRootLogger('info', sink));
    server = createServer((req, res) =>
      requestContext.middleware(req, res, () =>
        log(req, res, () => {
          const status = Number(new URL(req.url!, 'http://x').searchParams.get('status') ?? 200);
          res.statusCode = status;
          res.end();
        }),
      ),
    );
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((ok) => server.close(ok)));

  const send = async (method: string, path: string, requestId?: string) => {
    lines.length = 0;
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: 'Bearer top-secret-token',
        cookie: 'mp_refresh=also-secret',
        ...(requestId ? { 'x-request-id': requestId } : {}),
      },
    });
    await new Promise((ok) => setTimeout(ok, 20));
    return { lines: lines.slice(), res };
  };

  it('keeps successful reads and health probes out of the info log', async () => {
    expect((await send('GET', '/api/vms')).lines).toEqual([]);
    expect((await send('GET', '/api/health?status=503')).lines).toEqual([]);
  });

  it('logs changes at info, client errors at warn and failures at error', async () => {
    const { lines: changed, res } = await send('POST', '/api/vms?status=201', 'trace-1');
    expect(changed).toEqual([
      expect.objectContaining({
        level: 30,
        service: 'multpanel',
        reqId: 'trace-1',
        req: expect.objectContaining({ method: 'POST', url: '/api/vms?status=201' }),
        res: { statusCode: 201 },
        msg: 'request completed',
      }),
    ]);
    expect(res.headers.get('x-request-id')).toBe('trace-1');
    expect((await send('GET', '/api/vms/x?status=404')).lines[0]).toMatchObject({ level: 40 });
    expect((await send('GET', '/api/vms?status=502')).lines[0]).toMatchObject({ level: 50 });
  });

  it('never writes the bearer token, the cookie or a one-time token in the URL', async () => {
    const { lines: out } = await send('DELETE', '/api/vms/x?status=204&token=one-time-secret');
    const text = JSON.stringify(out);
    expect(out).toHaveLength(1);
    expect(text).not.toMatch(/top-secret-token|also-secret|one-time-secret/);
    expect(loggableUrl('/api/sso/callback?code=abc&state=def&x=1')).toBe(
      '/api/sso/callback?code=[redacted]&state=[redacted]&x=1',
    );
  });
});
