import { TestContext } from '../helpers/test-context';

describe('HTTP basics', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await TestContext.create();
  });
  afterAll(() => ctx.close());

  it('answers malformed JSON with 400 INVALID_JSON and a readable message', async () => {
    const res = await ctx.http
      .post('/api/auth/login')
      .set('content-type', 'application/json')
      .send('{"email": "a@b.co", ');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'INVALID_JSON' });
    expect(res.body.message).toMatch(/not valid JSON/);
  });

  it('answers a missing field with 400 VALIDATION_FAILED naming the field', async () => {
    const res = await ctx.http.post('/api/auth/login').send({ email: 'a@b.co' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details).toEqual([expect.objectContaining({ path: 'password' })]);
    expect(res.body.message).toMatch(/password/);
  });

  it('refuses unknown fields (strict schemas)', async () => {
    const res = await ctx.http
      .post('/api/auth/login')
      .send({ email: 'a@b.co', password: 'x', isAdmin: true });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.details)).toMatch(/isAdmin/);
  });

  it('answers unknown API routes with a JSON 404', async () => {
    const res = await ctx.http.get('/api/does-not-exist');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
  });

  it('honours x-request-id and sets security headers', async () => {
    const res = await ctx.http.get('/api/setup/status').set('x-request-id', 'trace-abc-123');
    expect(res.headers['x-request-id']).toBe('trace-abc-123');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const generated = await ctx.http.get('/api/setup/status');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('publishes an OpenAPI document built from the zod schemas', async () => {
    const res = await ctx.http.get('/api/docs-json');
    expect(res.status).toBe(200);
    const login = res.body.paths['/api/auth/login'].post;
    const ref = login.requestBody.content['application/json'].schema.$ref as string;
    const schema = res.body.components.schemas[ref.split('/').pop()!];
    expect(schema.required).toEqual(expect.arrayContaining(['email', 'password']));
    expect(schema.additionalProperties).toBe(false);
    const ui = await ctx.http.get('/api/docs/');
    expect(ui.status).toBe(200);
    expect(ui.text).toMatch(/swagger/i);
  });
});
