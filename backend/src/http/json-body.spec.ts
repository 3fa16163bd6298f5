import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import fastify, { type FastifyInstance } from 'fastify';
import { mapError } from '../common/errors/error-mapper';
import { requestContext } from '../common/logging/request-context';
import { registerJsonBody } from './json-body';

// Bodies as express.json({ limit }) under /api read them, over a real socket: the request's
// async context must reach the handler however late the body arrives.
describe('registerJsonBody', () => {
  let app: FastifyInstance;
  let base: string;

  beforeAll(async () => {
    app = fastify();
    app.addHook('onRequest', (req, reply, done) =>
      requestContext.middleware(req.raw, reply.raw, done),
    );
    registerJsonBody(app, 64);
    app.setErrorHandler((err, _req, reply) => {
      const { body } = mapError(err);
      void reply.code(body.statusCode).send(body);
    });
    const echo = (req: { body: unknown }) => ({
      body: req.body === undefined ? '<undefined>' : req.body,
      requestId: requestContext.requestId(),
    });
    app.post('/api/echo', echo);
    app.post('/elsewhere', echo);
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  afterAll(() => app.close());

  const post = async (
    body: string | Buffer,
    headers: Record<string, string> = { 'content-type': 'application/json' },
    path = '/api/echo',
  ) => {
    const res = await fetch(base + path, {
      method: 'POST',
      headers: { 'x-request-id': 'req-1', ...headers },
      body,
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };

  // The body arrives after the headers, so its events come from the socket, not the request.
  const postLate = (body: string) =>
    new Promise<unknown>((resolve, reject) => {
      const req = request(`${base}/api/echo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'req-late' },
      });
      req.on('response', (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve(JSON.parse(text)));
      });
      req.on('error', reject);
      req.flushHeaders();
      setTimeout(() => req.end(body), 50);
    });

  it('parses objects and arrays inside the request context, and an empty body as {}', async () => {
    expect(await post('{"a":1}')).toEqual({
      status: 200,
      json: { body: { a: 1 }, requestId: 'req-1' },
    });
    expect(await postLate('{"late":1}')).toEqual({ body: { late: 1 }, requestId: 'req-late' });
    expect((await post(' [1]')).json.body).toEqual([1]);
    expect((await post('')).json.body).toEqual({});
    const gzip = { 'content-type': 'application/json', 'content-encoding': 'gzip' };
    expect((await post(gzipSync('{"z":true}'), gzip)).json.body).toEqual({ z: true });
  });

  it('answers malformed and non-object JSON with INVALID_JSON and JSON.parse wording', async () => {
    expect(await post('{"a":')).toMatchObject({ status: 400, json: { code: 'INVALID_JSON' } });
    expect((await post(' 12')).json.message).toBe(
      'Request body is not valid JSON: Unexpected token \'1\', " 12" is not valid JSON',
    );
  });

  it('answers a body over the limit with 413, also once inflated', async () => {
    const big = JSON.stringify({ x: 'y'.repeat(100) });
    expect(await post(big)).toMatchObject({ status: 413, json: { code: 'PAYLOAD_TOO_LARGE' } });
    const gzip = { 'content-type': 'application/json', 'content-encoding': 'gzip' };
    expect((await post(gzipSync(big), gzip)).status).toBe(413);
  });

  it('answers odd encodings and charsets with 415 and corrupt compressed bodies with 400', async () => {
    const json = 'application/json';
    const as = (encoding: string) => ({ 'content-type': json, 'content-encoding': encoding });
    for (const encoding of ['zstd', 'compress', 'gzip, br']) {
      expect(await post('{"a":1}', as(encoding))).toMatchObject({
        status: 415,
        json: { code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.stringContaining(encoding) },
      });
    }
    for (const charset of ['iso-8859-1', 'utf-7', 'utf-42']) {
      const res = await post('{"a":1}', { 'content-type': `${json}; charset=${charset}` });
      expect(res).toMatchObject({ status: 415, json: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
    }
    const corrupt = Buffer.from('not compressed at all, {"a":1}');
    for (const encoding of ['gzip', 'br', 'deflate']) {
      expect(await post(corrupt, as(encoding))).toMatchObject({
        status: 400,
        json: { code: 'BAD_REQUEST', message: expect.stringContaining(encoding) },
      });
    }
    // Truncated: a valid start that ends early.
    const truncated = gzipSync(JSON.stringify({ x: 'y'.repeat(40) })).subarray(0, 20);
    expect((await post(truncated, as('gzip'))).status).toBe(400);
  });

  it('leaves other types and paths outside /api unparsed', async () => {
    expect((await post('a=1', { 'content-type': 'text/plain' })).json.body).toBe('<undefined>');
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    expect((await post('a=1', form)).json.body).toBe('<undefined>');
    const outside = await post('{bad', undefined, '/elsewhere');
    expect(outside).toEqual({ status: 200, json: { body: '<undefined>', requestId: 'req-1' } });
  });
});
