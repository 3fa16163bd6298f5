import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fastify, { type FastifyInstance } from 'fastify';
import { spaFallback } from './spa';

describe('spaFallback', () => {
  let dist: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'spa-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(dist, 'assets', 'app-1.js'), 'console.log(1)');
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

  it('serves built files for an hour and index.html, uncached, for any other page', async () => {
    const asset = await app.inject('/assets/app-1.js');
    expect(asset.headers).toMatchObject({
      'cache-control': 'public, max-age=3600',
      'content-type': 'text/javascript; charset=utf-8',
    });
    expect(asset.body).toBe('console.log(1)');
    for (const url of ['/', '/vms/42?tab=hw', '/assets/gone.js', '/assets/', '/.env']) {
      const page = await app.inject(url);
      expect([url, page.statusCode, page.headers['cache-control']]).toEqual([url, 200, 'no-cache']);
      expect(page.body).toContain('<title>app</title>');
      expect(page.headers.etag).toBeUndefined();
    }
    expect((await app.inject('/assets')).headers.location).toBe('/assets/');
  });

  it('leaves the API and other methods to the routes', async () => {
    expect((await app.inject('/api/vms')).json()).toEqual({ api: true });
    expect((await app.inject({ method: 'POST', url: '/somewhere' })).statusCode).toBe(404);
  });

  it('is off when the dist folder has no index.html', () => {
    expect(spaFallback(join(dist, 'assets'))).toBeNull();
  });
});
