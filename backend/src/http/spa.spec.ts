import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import fastify, { type FastifyInstance } from 'fastify';
import { spaFallback } from './spa';

const INDEX = '<!doctype html><title>app</title>';
const BIG = 'export const x = "' + 'abc'.repeat(2000) + '";';

describe('spaFallback', () => {
  let dist: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'spa-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), INDEX);
    writeFileSync(join(dist, 'assets', 'app-1.js'), 'console.log(1)');
    writeFileSync(join(dist, 'assets', 'big-2.js'), BIG);
    writeFileSync(join(dist, 'assets', 'big-2.js.br'), brotliCompressSync(BIG));
    writeFileSync(join(dist, 'assets', 'big-2.js.gz'), gzipSync(BIG));
    writeFileSync(join(dist, 'favicon.svg'), '<svg/>');
    writeFileSync(join(dist, 'favicon.svg.gz'), gzipSync('<svg/>'));
    writeFileSync(join(dist, 'index.html.br'), brotliCompressSync(INDEX));
    const spa = spaFallback(dist)!;
    app = fastify();
    app.addHook('onRequest', (req, reply, done) => spa(req, reply, done));
    app.all('/api/*', () => ({ api: true }));
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    rmSync(dist, { recursive: true });
  });

  it('serves hashed assets as immutable, other files for an hour, index.html uncached for any page', async () => {
    const asset = await app.inject('/assets/app-1.js');
    expect(asset.headers).toMatchObject({
      'cache-control': 'public, max-age=31536000, immutable',
      'content-type': 'text/javascript; charset=utf-8',
    });
    expect(asset.body).toBe('console.log(1)');
    expect((await app.inject('/favicon.svg')).headers['cache-control']).toBe(
      'public, max-age=3600',
    );
    for (const url of ['/', '/vms/42?tab=hw', '/.env']) {
      const page = await app.inject(url);
      expect([url, page.statusCode, page.headers['cache-control']]).toEqual([url, 200, 'no-cache']);
      expect(page.body).toContain('<title>app</title>');
      expect(page.headers.etag).toBeUndefined();
    }
    expect((await app.inject('/assets')).headers.location).toBe('/assets/');
  });

  it('answers a missing asset with 404, never with index.html', async () => {
    for (const url of ['/assets/gone.js', '/assets/', '/assets/app-1.js.map']) {
      const res = await app.inject(url);
      expect([url, res.statusCode, res.headers['cache-control']]).toEqual([url, 404, 'no-cache']);
      expect(res.body).not.toContain('<title>');
    }
  });

  it('sends the precompressed sibling the client accepts, brotli first', async () => {
    const br = await app.inject({
      url: '/assets/big-2.js',
      headers: { 'accept-encoding': 'gzip, br' },
    });
    expect(br.headers).toMatchObject({
      'content-encoding': 'br',
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=31536000, immutable',
      vary: 'Accept-Encoding',
    });
    expect(br.headers['accept-ranges']).toBeUndefined();
    expect(Number(br.headers['content-length'])).toBeLessThan(BIG.length / 10);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(BIG);

    const gz = await app.inject({
      url: '/assets/big-2.js',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(BIG);

    const plain = await app.inject('/assets/big-2.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('Accept-Encoding');
    expect(plain.body).toBe(BIG);

    // Only the encodings that were written: the svg has a .gz, no .br; a small file has neither.
    const svg = await app.inject({
      url: '/favicon.svg',
      headers: { 'accept-encoding': 'br, gzip' },
    });
    expect(svg.headers).toMatchObject({
      'content-encoding': 'gzip',
      'content-type': 'image/svg+xml',
    });
    const small = await app.inject({
      url: '/assets/app-1.js',
      headers: { 'accept-encoding': 'br' },
    });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.headers.vary).toBeUndefined();
  });

  it('serves a build written after start-up compressed as well', async () => {
    writeFileSync(join(dist, 'assets', 'late-3.js'), BIG);
    writeFileSync(join(dist, 'assets', 'late-3.js.gz'), gzipSync(BIG));
    const res = await app.inject({
      url: '/assets/late-3.js',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(res.rawPayload).toString()).toBe(BIG);
  });

  it('compresses the index.html fallback too, still uncached', async () => {
    const page = await app.inject({ url: '/vms/7', headers: { 'accept-encoding': 'br' } });
    expect(page.headers).toMatchObject({
      'content-encoding': 'br',
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-cache',
    });
    expect(brotliDecompressSync(page.rawPayload).toString()).toBe(INDEX);
  });

  it('answers /mobile and below with the phone entry when the build has one', async () => {
    const phone = '<!doctype html><title>phone</title>';
    writeFileSync(join(dist, 'mobile.html'), phone);
    try {
      for (const url of ['/mobile', '/mobile/', '/mobile/vms/7?x=1']) {
        const page = await app.inject(url);
        expect([url, page.statusCode, page.headers['cache-control'], page.body]).toEqual([
          url,
          200,
          'no-cache',
          phone,
        ]);
      }
      for (const url of ['/', '/mobiles', '/vms/mobile', '/login?next=/mobile'])
        expect([url, (await app.inject(url)).body]).toEqual([url, INDEX]);
    } finally {
      rmSync(join(dist, 'mobile.html'));
    }
    expect((await app.inject('/mobile/vms')).body).toBe(INDEX);
  });

  it('leaves the API and other methods to the routes', async () => {
    expect((await app.inject('/api/vms')).json()).toEqual({ api: true });
    expect((await app.inject({ method: 'POST', url: '/somewhere' })).statusCode).toBe(404);
  });

  it('is off when the dist folder has no index.html', () => {
    expect(spaFallback(join(dist, 'assets'))).toBeNull();
  });
});
