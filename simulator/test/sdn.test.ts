import { startSimulator, type RunningSimulator } from '../src';
import { PveTestClient } from './pve-client';

// SDN subnets as PVE 9.1 keeps them: a new or changed subnet stays pending (listed only with
// pending=1, the change under `pending`) until PUT /cluster/sdn applies it on every node (a task).
// The IPAM binding of the platform relies on exactly this.
describe('SDN vnets and subnets', () => {
  let sim: RunningSimulator;
  let api: PveTestClient;

  beforeAll(async () => {
    sim = await startSimulator({ quiet: true, taskSpeed: 0, guests: 4, consoleQemu: false });
    api = new PveTestClient(sim.clusters[0].url, sim.certPem);
    await api.login();
  });
  afterAll(() => sim.close());

  type Subnet = {
    subnet: string;
    cidr: string;
    gateway?: string;
    state?: string;
    pending?: object;
  };
  const subnets = async (pending: boolean) =>
    api.ok(api.get<Subnet[]>('/cluster/sdn/vnets/vnet1/subnets', pending ? { pending: 1 } : {}));
  const apply = async () => {
    const upid = await api.ok(api.put<string>('/cluster/sdn', {}));
    expect((await api.waitTask(upid)).exitstatus).toBe('OK');
  };

  it('lists the seeded VNet with its zone', async () => {
    const vnets = await api.ok(
      api.get<Array<{ vnet: string; zone: string }>>('/cluster/sdn/vnets'),
    );
    expect(vnets).toContainEqual(expect.objectContaining({ vnet: 'vnet1', zone: 'simple1' }));
  });

  it('keeps a new subnet and a gateway change pending until PUT /cluster/sdn', async () => {
    await api.ok(
      api.post('/cluster/sdn/vnets/vnet1/subnets', {
        subnet: '10.55.0.0/24',
        type: 'subnet',
        gateway: '10.55.0.1',
      }),
    );
    const id = 'simple1-10.55.0.0-24';
    expect((await subnets(false)).map((s) => s.subnet)).not.toContain(id);
    expect((await subnets(true)).find((s) => s.subnet === id)).toMatchObject({ state: 'new' });
    // the same CIDR again is refused
    const again = await api.post('/cluster/sdn/vnets/vnet1/subnets', {
      subnet: '10.55.0.0/24',
      type: 'subnet',
    });
    expect(again.status).toBe(500);
    await apply();
    expect((await subnets(false)).find((s) => s.subnet === id)).toMatchObject({
      cidr: '10.55.0.0/24',
      gateway: '10.55.0.1',
    });

    await api.ok(api.put(`/cluster/sdn/vnets/vnet1/subnets/${id}`, { gateway: '10.55.0.254' }));
    expect((await subnets(true)).find((s) => s.subnet === id)).toMatchObject({
      state: 'changed',
      gateway: '10.55.0.1',
      pending: { gateway: '10.55.0.254' },
    });
    await apply();
    const applied = (await subnets(true)).find((s) => s.subnet === id)!;
    expect(applied).toMatchObject({ gateway: '10.55.0.254' });
    expect(applied.state).toBeUndefined();
  });

  it('refuses a subnet on a VNet that does not exist', async () => {
    const r = await api.post('/cluster/sdn/vnets/nope/subnets', {
      subnet: '10.56.0.0/24',
      type: 'subnet',
    });
    expect(r.status).not.toBe(200);
  });
});
