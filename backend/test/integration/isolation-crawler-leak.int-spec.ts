import { randomUUID } from 'node:crypto';
import { Controller, Get, Module, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { mediaListQuerySchema, Permission, type MediaDto } from '@multpanel/contracts';
import { startSimulator, type RunningSimulator } from '@multpanel/simulator';
import { createZodDto } from 'nestjs-zod';
import { Authenticated } from '../../src/common/auth/auth.decorators';
import { ProxmoxApi } from '../../src/common/proxmox';
import { ClusterConnectionService } from '../../src/modules/clusters/cluster-connection.service';
import { ClustersModule } from '../../src/modules/clusters/clusters.module';
import { crawlIsolation, documentedOperations } from '../helpers/isolation-probe';
import { TestContext } from '../helpers/test-context';

class MediaQueryDto extends createZodDto(mediaListQuerySchema) {}

/**
 * Test only: GET /api/media as it was before the access layer — any caller with vm.create got
 * the ISO list of any cluster id it named. Mounted beside the real route to prove the crawler
 * catches exactly this class of leak.
 */
@ApiTags('test')
@Controller('test-leaky')
class LeakyMediaController {
  constructor(private readonly connections: ClusterConnectionService) {}

  @Get('media')
  @Authenticated({ permission: Permission.VmCreate })
  @ApiOperation({ summary: 'Unscoped copy of the old media handler (test only)' })
  async media(@Query() q: MediaQueryDto): Promise<MediaDto[]> {
    const { api } = await this.connections.open(q.clusterId, 'interactive');
    const out: MediaDto[] = [];
    for (const n of (await api.nodes()).filter((x) => x.status === 'online')) {
      for (const s of await api.storages(n.node, { enabled: true })) {
        if (!s.content.includes('iso')) continue;
        for (const v of await api.storageContent(n.node, s.storage, { content: 'iso' }))
          out.push({ volid: v.volid, kind: 'iso', storage: s.storage, node: n.node, size: v.size });
      }
    }
    return out;
  }
}

@Module({ imports: [ClustersModule], controllers: [LeakyMediaController] })
class LeakyMediaModule {}

describe('isolation crawler catches the media leak', () => {
  let ctx: TestContext;
  let sim: RunningSimulator;
  let clusterId: string;
  let customer: Record<string, string>;
  let staff: Record<string, string>;

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, clusters: 1, nodes: 1, guests: 2, quiet: true });
    ctx = await TestContext.create({ modules: [LeakyMediaModule] });
    const foreign = await ctx.newCompany();
    // A company allowed on no cluster at all: the review's case.
    const lonely = await ctx.newCompany();
    customer = (await ctx.login(await ctx.newUser({ role: 'company_admin', companyId: lonely.id })))
      .auth;
    const c = sim.clusters[0];
    const root = ProxmoxApi.create({
      endpoints: [c.url],
      fingerprint: c.fingerprint,
      auth: { type: 'password', username: 'root@pam', password: 'sim-password' },
    });
    const token = await root.createApiToken('root@pam', `leak${Date.now()}`, { privsep: false });
    root.close();
    staff = (await ctx.login(await ctx.newUser({ role: 'super_admin' }))).auth;
    const res = await ctx.http
      .post('/api/clusters')
      .set(staff)
      .send({
        name: ctx.unique('only-foreign'),
        endpoints: [{ url: c.url, fingerprint: c.fingerprint }],
        credentials: { type: 'token', tokenId: token['full-tokenid'], secret: token.value },
        allowedCompanyIds: [foreign.id],
      });
    expect(res.status).toBe(201);
    clusterId = res.body.id;
  }, 120_000);
  afterAll(async () => {
    await ctx?.close();
    await sim?.close();
  });

  it('the old handler really hands out a foreign cluster’s ISO list', async () => {
    const res = await ctx.http.get('/api/test-leaky/media').query({ clusterId }).set(customer);
    expect(res.status).toBe(200);
    expect(res.body.length).toBeGreaterThan(0);
    expect(res.body[0].volid).toMatch(/:iso\//);
  });

  it('the real route: 404 for a company the cluster does not allow; staff read it, cached', async () => {
    const refused = await ctx.http.get('/api/media').query({ clusterId }).set(customer);
    expect([refused.status, refused.body.code]).toEqual([404, 'NOT_FOUND']);
    // Every request the platform sent this cluster in the last hour (complete minutes + now).
    const requests = async () => {
      const view = await ctx.http.get(`/api/clusters/${clusterId}`).set(staff);
      const hour = await ctx.http.get(`/api/clusters/${clusterId}/request-rate`).set(staff);
      const done = (hour.body as Array<{ interactive: number; background: number }>).reduce(
        (n, m) => n + m.interactive + m.background,
        0,
      );
      return done + view.body.requestRate.currentMinute;
    };
    const first = await ctx.http.get('/api/media').query({ clusterId, kind: 'iso' }).set(staff);
    expect(first.status).toBe(200);
    expect(first.body.length).toBeGreaterThan(0);
    const sent = await requests();
    const again = await ctx.http.get('/api/media').query({ clusterId, kind: 'iso' }).set(staff);
    expect(again.body).toEqual(first.body);
    // Served from the shared cache: Proxmox was not asked again.
    expect(await requests()).toBe(sent);
  });

  it('reports the unscoped copy and nothing on the real route', async () => {
    const ops = (await documentedOperations(ctx)).filter((o) =>
      ['/api/media', '/api/test-leaky/media'].includes(o.path),
    );
    expect(ops.map((o) => o.path).sort()).toEqual(['/api/media', '/api/test-leaky/media']);
    const report = await crawlIsolation(ctx, {
      ops,
      auth: customer,
      home: {
        companyId: randomUUID(),
        clusterId: randomUUID(),
        node: 'none',
        guestId: randomUUID(),
        templateId: randomUUID(),
        userId: randomUUID(),
      },
      foreign: { ids: [clusterId], nodes: [], markers: [clusterId] },
    });
    expect(report.probes.query).toBe(2);
    expect(report.problems).toEqual([
      expect.stringMatching(
        /^GET \/api\/test-leaky\/media\?clusterId=\S+ \(query clusterId = foreign id\) → 200, but a missing id → 404/,
      ),
    ]);
  });
});
