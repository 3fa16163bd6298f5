import { SignJWT } from 'jose';
import WebSocket from 'ws';
import { EventsPublisher } from '../../src/common/events/events.publisher';
import { newClusterRow } from '../helpers/cluster-rows';
import { TestContext, type LoggedIn } from '../helpers/test-context';

// The live-events socket must not outlive its rights (issue 14): permission at connect, a closed
// socket on logout, suspension, role, grant or key change announced by ANY API process, a periodic
// re-check, and a close at token expiry.

interface Socket {
  ws: WebSocket;
  messages: { type: string; payload: unknown }[];
  closed: Promise<{ code: number; reason: string }>;
  closedWithin: (ms: number) => Promise<{ code: number; reason: string } | 'still open'>;
}

function connect(base: string, token: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${base.replace('http', 'ws')}/api/events?token=${token}`);
    const messages: Socket['messages'] = [];
    const closed = new Promise<{ code: number; reason: string }>((r) =>
      ws.on('close', (code, reason) => r({ code, reason: reason.toString() })),
    );
    const closedWithin = (ms: number) =>
      Promise.race([
        closed,
        new Promise<'still open'>((r) => setTimeout(() => r('still open'), ms)),
      ]);
    ws.on('message', (m) => messages.push(JSON.parse(m.toString())));
    ws.on('error', reject);
    // Ready once the server said hello (or closed the socket).
    ws.on('open', () => {
      const ready = () => resolve({ ws, messages, closed, closedWithin });
      const wait = setInterval(() => {
        if (messages.length > 0 || ws.readyState !== ws.OPEN) {
          clearInterval(wait);
          ready();
        }
      }, 10);
      void closed.then(() => {
        clearInterval(wait);
        ready();
      });
    });
  });
}

describe('live events: rights are checked for the life of the socket', () => {
  // Two API processes on one Redis; neither re-checks on its own within these tests.
  let a: TestContext;
  let b: TestContext;
  let staff: LoggedIn;

  beforeAll(async () => {
    [a, b] = await Promise.all([
      TestContext.create({ env: { EVENTS_RECHECK_SECONDS: '30' } }),
      TestContext.create({ env: { EVENTS_RECHECK_SECONDS: '30' } }),
    ]);
    staff = await a.login(await a.newUser({ role: 'super_admin' }));
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it('refuses an API key without vm.read and accepts one with it', async () => {
    const admin = await a.login(await a.newUser({ role: 'company_admin' }));
    const key = async (permissions: string[]) =>
      (
        await a.http
          .post('/api/api-keys')
          .set(admin.auth)
          .send({ name: permissions.join(','), permissions })
      ).body.key as string;
    const without = await connect(b.baseUrl, await key(['company.read']));
    expect(await without.closed).toEqual({ code: 4403, reason: 'missing permission vm.read' });
    expect(without.messages).toEqual([]);
    const withIt = await connect(b.baseUrl, await key(['vm.read']));
    expect(withIt.messages[0]).toMatchObject({ type: 'hello' });
    withIt.ws.close();
  });

  it('closes a socket on another process at once when its session logs out', async () => {
    const user = await a.newUser({ role: 'company_admin' });
    const session = await a.login(user);
    const socket = await connect(b.baseUrl, session.accessToken);
    expect(socket.messages[0]).toMatchObject({ type: 'hello' });
    const out = await a.http.post('/api/auth/logout').set('Cookie', session.refreshCookie);
    expect(out.status).toBe(204);
    expect(await socket.closedWithin(3000)).toEqual({ code: 4401, reason: 'access changed' });
    // Nothing of the company reaches it afterwards, and the token no longer opens a socket.
    await a.app.get(EventsPublisher).publish({
      type: 'vm.updated',
      companyId: user.companyId,
      payload: {},
    });
    expect(socket.messages.map((m) => m.type)).toEqual(['hello']);
    expect(await (await connect(b.baseUrl, session.accessToken)).closed).toMatchObject({
      code: 4401,
    });
  });

  it('closes the sockets of a suspended company at once, not the staff’s', async () => {
    const company = await a.newCompany();
    const admin = await a.login(await a.newUser({ role: 'company_admin', companyId: company.id }));
    const user = await a.login(await a.newUser({ role: 'user', companyId: company.id }));
    const sockets = await Promise.all([
      connect(b.baseUrl, admin.accessToken),
      connect(b.baseUrl, user.accessToken),
    ]);
    const staffSocket = await connect(b.baseUrl, staff.accessToken);
    const res = await a.http.post(`/api/companies/${company.id}/suspend`).set(staff.auth);
    expect(res.status).toBe(200);
    for (const s of sockets) expect(await s.closedWithin(3000)).toMatchObject({ code: 4401 });
    expect(await staffSocket.closedWithin(300)).toBe('still open');
    staffSocket.ws.close();
  });

  it('closes at once on a role change and on a grant change', async () => {
    const company = await a.newCompany();
    const admin = await a.login(await a.newUser({ role: 'company_admin', companyId: company.id }));
    const promoted = await a.newUser({ role: 'user', companyId: company.id });
    const roleSocket = await connect(b.baseUrl, (await a.login(promoted)).accessToken);
    const patched = await a.http
      .patch(`/api/users/${promoted.id}`)
      .set(admin.auth)
      .send({ role: 'company_admin' });
    expect(patched.status).toBe(200);
    expect(await roleSocket.closedWithin(3000)).toMatchObject({ code: 4401 });

    const granted = await a.newUser({ role: 'user', companyId: company.id });
    const cluster = await newClusterRow(a);
    const guest = await a.prisma.guest.create({
      data: {
        clusterId: cluster.id,
        vmid: 100,
        activeVmid: 100,
        kind: 'qemu',
        status: 'running',
        node: 'pve1',
        tags: [],
        syncHash: '0000000000000000',
        companyId: company.id,
      },
    });
    const grantSocket = await connect(b.baseUrl, (await a.login(granted)).accessToken);
    const put = await a.http
      .put(`/api/vms/${guest.id}/grants`)
      .set(admin.auth)
      .send([{ userId: granted.id, rights: ['view'] }]);
    expect(put.status).toBe(200);
    expect(await grantSocket.closedWithin(3000)).toMatchObject({ code: 4401 });
  });

  it('closes a socket opened with an API key once the key is revoked', async () => {
    const admin = await a.login(await a.newUser({ role: 'company_admin' }));
    const created = await a.http
      .post('/api/api-keys')
      .set(admin.auth)
      .send({ name: 'events', permissions: ['vm.read'] });
    const socket = await connect(b.baseUrl, created.body.key);
    expect(socket.messages[0]).toMatchObject({ type: 'hello' });
    await a.http.delete(`/api/api-keys/${created.body.id}`).set(admin.auth).expect(204);
    expect(await socket.closedWithin(3000)).toMatchObject({ code: 4401 });
  });

  it('re-checks on its own: a session ended without any announcement closes within the period', async () => {
    const c = await TestContext.create({ env: { EVENTS_RECHECK_SECONDS: '1' } });
    try {
      const user = await c.newUser();
      const session = await c.login(user);
      const socket = await connect(c.baseUrl, session.accessToken);
      // Straight in the database: no process announces it.
      await c.prisma.refreshSession.updateMany({
        where: { userId: user.id },
        data: { revokedAt: new Date(), revokedReason: 'revoked_by_admin' },
      });
      expect(await socket.closedWithin(3500)).toEqual({ code: 4401, reason: 'access ended' });
    } finally {
      await c.close();
    }
  });

  it('closes when its access token expires', async () => {
    const user = await a.newUser();
    const session = await a.login(user);
    const sid = (await a.prisma.refreshSession.findFirstOrThrow({ where: { userId: user.id } }))
      .familyId;
    const shortLived = await new SignJWT({ sid })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.id)
      .setIssuer('multpanel')
      .setAudience('multpanel-api')
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + 2)
      .sign(new TextEncoder().encode(a.config.env.JWT_SECRET));
    expect(session.accessToken).not.toBe(shortLived);
    const socket = await connect(b.baseUrl, shortLived);
    expect(socket.messages[0]).toMatchObject({ type: 'hello' });
    expect(await socket.closedWithin(4000)).toEqual({ code: 4401, reason: 'token expired' });
  });
});
