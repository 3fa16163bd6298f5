import WebSocket from 'ws';
import { EventsPublisher } from '../../src/common/events/events.publisher';
import { TestContext } from '../helpers/test-context';

function connect(
  url: string,
): Promise<{ ws: WebSocket; messages: unknown[]; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const messages: unknown[] = [];
    const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
    ws.on('message', (m) => messages.push(JSON.parse(m.toString())));
    ws.on('open', () => resolve({ ws, messages, closed }));
    ws.on('error', reject);
  });
}

const waitFor = async (cond: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
};

describe('live events WebSocket', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await TestContext.create();
  });
  afterAll(() => ctx.close());

  it('closes connections without a valid token', async () => {
    const { closed } = await connect(`${ctx.baseUrl.replace('http', 'ws')}/api/events?token=nope`);
    expect(await closed).toBe(4401);
  });

  it('delivers events only to sockets whose scope covers the company', async () => {
    const acme = await ctx.newCompany();
    const globex = await ctx.newCompany();
    const acmeAdmin = await ctx.login(
      await ctx.newUser({ role: 'company_admin', companyId: acme.id }),
    );
    const globexAdmin = await ctx.login(
      await ctx.newUser({ role: 'company_admin', companyId: globex.id }),
    );
    const base = `${ctx.baseUrl.replace('http', 'ws')}/api/events?token=`;
    const a = await connect(base + acmeAdmin.accessToken);
    const g = await connect(base + globexAdmin.accessToken);
    await waitFor(() => a.messages.length > 0 && g.messages.length > 0);

    const events = ctx.app.get(EventsPublisher);
    await events.publish({ type: 'vm.updated', companyId: acme.id, payload: { id: 'vm-acme' } });
    await events.publish({
      type: 'platform.notice',
      companyId: null,
      payload: { id: 'staff-only' },
    });
    await waitFor(() => a.messages.length >= 2);
    await new Promise((r) => setTimeout(r, 150));

    expect(a.messages).toEqual([
      { type: 'hello', payload: expect.any(Object) },
      { type: 'vm.updated', payload: { id: 'vm-acme' } },
    ]);
    expect(g.messages).toEqual([{ type: 'hello', payload: expect.any(Object) }]);
    a.ws.close();
    g.ws.close();
  });
});
