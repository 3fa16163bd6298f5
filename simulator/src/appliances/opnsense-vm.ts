import { readConfigXml } from '../opnsense/config-xml';
import { readIsoFile } from '../opnsense/iso9660';
import { startOpnSim, type RunningOpnSim } from '../opnsense/server';
import type { ClusterState, Guest } from '../world/types';

/**
 * What runs inside simulated VMs that boot an appliance: a VM that starts with a CD-ROM whose
 * ISO 9660 image holds `/conf/config.xml` (OPNsense's importer reads it at first boot) comes up as
 * an OPNsense API simulator configured by that file: its API users, interfaces and web GUI
 * certificate. It listens on the WAN address when that is a loopback address (127.0.0.0/8, as the
 * tests' "public" range is) and on 127.0.0.1 otherwise, on the web GUI port of the config (443 when
 * absent, which needs privileges; tests pick a free port). Stopping or destroying the VM stops it.
 */
export class ApplianceHost {
  private readonly running = new Map<string, Promise<RunningOpnSim | undefined>>();

  constructor(private readonly quiet = true) {}

  /** The firewall simulator of a running VM, once it answers (tests). */
  firewall(cluster: string, vmid: number): Promise<RunningOpnSim | undefined> {
    return this.running.get(`${cluster}/${vmid}`) ?? Promise.resolve(undefined);
  }

  started(c: ClusterState, g: Guest): void {
    if (g.type !== 'qemu') return;
    const key = `${c.name}/${g.vmid}`;
    if (this.running.has(key)) return;
    const xml = configDiskXml(c, g);
    if (xml === undefined) return;
    const booting = (async () => {
      const cfg = readConfigXml(xml);
      const wan = cfg.interfaces.find((i) => i.identifier === 'wan')?.ipv4.split('/')[0] ?? '';
      return startOpnSim({
        host: /^127\.\d+\.\d+\.\d+$/.test(wan) ? wan : '127.0.0.1',
        port: cfg.webgui.port ?? 443,
        configXml: xml,
        ...(cfg.webgui.tls ? { tls: cfg.webgui.tls } : {}),
        quiet: this.quiet,
      });
    })().catch((err: unknown) => {
      if (!this.quiet) console.error(`VM ${g.vmid}: appliance did not come up: ${String(err)}`);
      this.running.delete(key);
      return undefined;
    });
    this.running.set(key, booting);
  }

  stopped(c: ClusterState, g: Guest): void {
    const key = `${c.name}/${g.vmid}`;
    const booting = this.running.get(key);
    if (!booting) return;
    this.running.delete(key);
    void booting.then((sim) => sim?.close());
  }

  async closeAll(): Promise<void> {
    const all = [...this.running.values()];
    this.running.clear();
    await Promise.all(all.map((b) => b.then((sim) => sim?.close())));
  }
}

/** The config.xml on the first CD-ROM of the VM that carries one (uploaded ISO content). */
export function configDiskXml(c: ClusterState, g: Guest): string | undefined {
  for (const [k, v] of Object.entries(g.config)) {
    if (!/^(ide|sata|scsi)\d+$/.test(k) || !String(v).includes('media=cdrom')) continue;
    const volid = String(v).split(',')[0];
    const vol = c.volumes.find(
      (x) => x.volid === volid && x.data !== undefined && (x.node === '' || x.node === g.node),
    );
    if (!vol?.data) continue;
    const file = readIsoFile(Buffer.from(vol.data, 'base64'), 'conf/config.xml');
    if (file) return file.toString('utf8');
  }
  return undefined;
}
