import { startSimulator, type RunningSimulator } from '../src';
import { PveTestClient } from './pve-client';

// Every property string the platform writes (backend/src/modules/vms/vms-config.ts: createParams,
// afterCloneConfig, the update path in vms.service.ts, gpuParams) must read back the way Proxmox VE
// stores it: qemu-server / pve-container parse the value and print it with print_property_string.

const MAC = '[0-9A-F]{2}(?::[0-9A-F]{2}){2}';
const GEN_MAC = `BC:24:11:${MAC}`;
const re = (s: string) => new RegExp(`^${s}$`);

describe('config values read back in Proxmox canonical form', () => {
  let sim: RunningSimulator;
  let api: PveTestClient;
  let nextId = 700;

  beforeAll(async () => {
    sim = await startSimulator({ quiet: true, taskSpeed: 0, guests: 10, consoleQemu: false });
    api = new PveTestClient(sim.clusters[0].url, sim.certPem);
    await api.login();
  });
  afterAll(() => sim.close());

  const config = (kind: string, vmid: number) =>
    api.ok(api.get<Record<string, string | number>>(`/nodes/pve1/${kind}/${vmid}/config`));
  const create = async (kind: 'qemu' | 'lxc', params: Record<string, string | number>) => {
    const vmid = nextId++;
    await api.waitTask(await api.ok(api.post<string>(`/nodes/pve1/${kind}`, { vmid, ...params })));
    return { vmid, cfg: await config(kind, vmid) };
  };

  it('QEMU create from an ISO: NICs get a MAC, disks an allocated volume and size, tags are sorted', async () => {
    const { vmid, cfg } = await create('qemu', {
      name: 'canon-vm',
      cores: 2,
      memory: '2048',
      scsihw: 'virtio-scsi-single',
      ostype: 'l26',
      scsi0: 'local-lvm:32,iothread=1',
      scsi1: 'local-lvm:1024,iothread=1',
      virtio0: 'local-lvm:10,discard=on,cache=writeback',
      sata0: 'ceph-pool:4,ssd=on',
      ide2: 'local:iso/debian-12.7.0-amd64-netinst.iso,media=cdrom',
      net0: 'virtio,bridge=vmbr0,tag=10',
      net1: 'e1000,bridge=vmbr0',
      tags: 'Web;prod,web',
      description: 'canonical',
    });
    expect(cfg.net0).toMatch(re(`virtio=${GEN_MAC},bridge=vmbr0,tag=10`));
    expect(cfg.net1).toMatch(re(`e1000=${GEN_MAC},bridge=vmbr0`));
    expect(cfg.net0).not.toBe(cfg.net1);
    expect(cfg.scsi0).toBe(`local-lvm:vm-${vmid}-disk-0,iothread=1,size=32G`);
    expect(cfg.scsi1).toBe(`local-lvm:vm-${vmid}-disk-1,iothread=1,size=1T`);
    expect(cfg.virtio0).toMatch(
      re(`local-lvm:vm-${vmid}-disk-\\d,cache=writeback,discard=on,size=10G`),
    );
    expect(cfg.sata0).toMatch(re(`ceph-pool:vm-${vmid}-disk-\\d,size=4G,ssd=1`));
    // an existing volume gets its size recorded (661651456 bytes = 631 MiB)
    expect(cfg.ide2).toBe('local:iso/debian-12.7.0-amd64-netinst.iso,media=cdrom,size=631M');
    expect(cfg.tags).toBe('prod;web');
    expect(cfg.boot).toBe('order=scsi0;ide2;net0');
    expect(cfg.memory).toBe('2048');
    expect(cfg.smbios1).toMatch(/^uuid=[0-9a-f-]{36}$/);
    expect(cfg.meta).toMatch(/^creation-qemu=[\d.]+,ctime=\d+$/);
  });

  it('QEMU create for Windows with a GPU pins the machine version; other options stay as sent', async () => {
    const { cfg } = await create('qemu', {
      name: 'canon-win',
      memory: '8192',
      scsi0: 'local-lvm:64,iothread=1',
      net0: 'virtio,bridge=vmbr0',
      hostpci0: 'mapping=gpu-a100,pcie=1,x-vga=1',
      machine: 'q35',
      bios: 'ovmf',
      cpu: 'host',
      ostype: 'win11',
      vga: 'none',
      agent: '1',
    });
    expect(cfg.machine).toBe('pc-q35-9.2+pve1');
    expect(cfg.hostpci0).toBe('mapping=gpu-a100,pcie=1,x-vga=1');
    expect(cfg.cpu).toBe('host');
    expect(cfg.agent).toBe('1');
    expect([cfg.bios, cfg.vga, cfg.ostype]).toEqual(['ovmf', 'none', 'win11']);
    expect(cfg.boot).toBe('order=scsi0;net0');
  });

  it('QEMU update: keeps a given MAC, generates one when left out, normalises booleans, sorts options', async () => {
    const { vmid } = await create('qemu', {
      name: 'canon-upd',
      scsi0: 'local-lvm:8',
      net0: 'virtio,bridge=vmbr0',
    });
    await api.ok(
      api.put(`/nodes/pve1/qemu/${vmid}/config`, {
        net0: 'virtio=bc:24:11:aa:bb:cc,tag=20,bridge=vmbr0',
        net1: 'model=vmxnet3,firewall=true,bridge=vmbr0',
        scsi1: 'local-lvm:8,ssd=1,discard=on',
        ipconfig0: 'ip=10.0.0.5/24,gw=10.0.0.1',
        sshkeys: encodeURIComponent('ssh-ed25519 AAAAC3Nza test@host'),
        nameserver: '1.1.1.1 8.8.8.8',
        cipassword: 'secret-pw',
        ciuser: 'debian',
        searchdomain: 'example.com',
        onboot: 1,
        description: 'line one\nline two',
        tags: 'B;a',
      }),
    );
    const cfg = await config('qemu', vmid);
    expect(cfg.net0).toBe('virtio=bc:24:11:aa:bb:cc,bridge=vmbr0,tag=20');
    expect(cfg.net1).toMatch(re(`vmxnet3=${GEN_MAC},bridge=vmbr0,firewall=1`));
    expect(cfg.scsi1).toBe(`local-lvm:vm-${vmid}-disk-1,discard=on,size=8G,ssd=1`);
    // cloud-init keys are stored as sent (qemu-server does not re-print them) …
    expect(cfg.ipconfig0).toBe('ip=10.0.0.5/24,gw=10.0.0.1');
    expect(cfg.sshkeys).toBe(encodeURIComponent('ssh-ed25519 AAAAC3Nza test@host'));
    expect(cfg.nameserver).toBe('1.1.1.1 8.8.8.8');
    // … except the password: stored hashed, never shown
    expect(cfg.cipassword).toBe('**********');
    const stored = String(sim.runtimes[0].state.guests.get(vmid)!.config.cipassword);
    expect(stored).toMatch(/^\$5\$[^$]+\$.+/);
    expect(cfg.tags).toBe('a;b');
    expect([cfg.ciuser, cfg.searchdomain, cfg.onboot, cfg.description]).toEqual([
      'debian',
      'example.com',
      1,
      'line one\nline two',
    ]);
  });

  it('a running VM keeps non-hotpluggable changes pending, in canonical form too', async () => {
    const { vmid } = await create('qemu', { name: 'canon-run', scsi0: 'local-lvm:8', start: 1 });
    await api.ok(api.put(`/nodes/pve1/qemu/${vmid}/config`, { cpu: 'host', cipassword: 'x' }));
    const pending = await api.ok(
      api.get<Array<{ key: string; value?: string; pending?: string }>>(
        `/nodes/pve1/qemu/${vmid}/pending`,
      ),
    );
    expect(pending.find((p) => p.key === 'cpu')).toEqual({ key: 'cpu', pending: 'host' });
    expect(pending.find((p) => p.key === 'cipassword')?.value).toBe('**********');
  });

  it('resize keeps the drive options and prints the new size like PVE', async () => {
    const { vmid } = await create('qemu', {
      name: 'canon-rsz',
      scsi0: 'local-lvm:1000,iothread=1,ssd=1',
    });
    await api.waitTask(
      await api.ok(
        api.put<string>(`/nodes/pve1/qemu/${vmid}/resize`, { disk: 'scsi0', size: '+24G' }),
      ),
    );
    expect((await config('qemu', vmid)).scsi0).toBe(
      `local-lvm:vm-${vmid}-disk-0,iothread=1,size=1T,ssd=1`,
    );
  });

  it('LXC create: NICs get type=veth and an hwaddr, mount points an allocated volume and size', async () => {
    const { vmid, cfg } = await create('lxc', {
      hostname: 'canon-ct',
      ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
      memory: 1024,
      cores: 1,
      unprivileged: 1,
      rootfs: 'local-lvm:8',
      mp0: 'local-lvm:10,mp=/mnt/data1',
      net0: 'name=eth0,bridge=vmbr0,ip=dhcp,tag=10,type=veth',
      net1: 'name=eth1,bridge=vmbr0,ip=10.0.0.5/24,gw=10.0.0.1',
      nameserver: '1.1.1.1,8.8.8.8',
      tags: 'DB',
      password: 'ct-root-pw',
    });
    expect(cfg.net0).toMatch(
      re(`name=eth0,bridge=vmbr0,hwaddr=${GEN_MAC},ip=dhcp,tag=10,type=veth`),
    );
    expect(cfg.net1).toMatch(
      re(`name=eth1,bridge=vmbr0,gw=10.0.0.1,hwaddr=${GEN_MAC},ip=10.0.0.5/24,type=veth`),
    );
    expect(cfg.rootfs).toBe(`local-lvm:vm-${vmid}-disk-0,size=8G`);
    expect(cfg.mp0).toBe(`local-lvm:vm-${vmid}-disk-1,mp=/mnt/data1,size=10G`);
    expect(cfg.nameserver).toBe('1.1.1.1 8.8.8.8');
    expect(cfg.tags).toBe('db');
    expect([cfg.memory, cfg.cores, cfg.unprivileged]).toEqual([1024, 1, 1]);
    // the root password and SSH keys are applied inside the container, never stored in its config
    expect(cfg).not.toHaveProperty('password');
  });

  it('LXC update: an hwaddr sent along is kept, the options are re-printed', async () => {
    const { vmid } = await create('lxc', {
      hostname: 'canon-ct2',
      ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
      rootfs: 'local-lvm:4',
      net0: 'name=eth0,bridge=vmbr0,ip=dhcp,type=veth',
    });
    await api.ok(
      api.put(`/nodes/pve1/lxc/${vmid}/config`, {
        net0: 'name=eth0,bridge=vmbr0,ip=dhcp,tag=30,type=veth,hwaddr=BC:24:11:01:02:03',
      }),
    );
    expect((await config('lxc', vmid)).net0).toBe(
      'name=eth0,bridge=vmbr0,hwaddr=BC:24:11:01:02:03,ip=dhcp,tag=30,type=veth',
    );
  });

  it('a clone of a template gets fresh MACs in canonical form and keeps the cloud-init drive', async () => {
    const newid = nextId++;
    await api.waitTask(
      await api.ok(api.post<string>('/nodes/pve1/qemu/9000/clone', { newid, name: 'canon-clone' })),
    );
    const src = await config('qemu', 9000);
    const cfg = await config('qemu', newid);
    expect(cfg.net0).toMatch(re(`virtio=${GEN_MAC},bridge=vmbr0,firewall=1`));
    expect(cfg.net0).not.toBe(src.net0);
    expect(cfg.ide2).toBe(`ceph-pool:vm-${newid}-cloudinit,media=cdrom`);
    expect(cfg.scsi0).toBe(`ceph-pool:base-9000-disk-0/vm-${newid}-disk-0,size=3G`);
  });
});
