import {
  readConfigXml,
  startOpnSim,
  verifySha512Crypt,
  type RunningOpnSim,
} from '@multpanel/simulator';
import { OpnsenseClient } from '../../common/opnsense';
import {
  buildConfigXml,
  generateApiCredentials,
  type FirewallBootstrap,
} from './firewall-config-xml';

describe('zero-touch config.xml', () => {
  const creds = generateApiCredentials();
  const bootstrap: FirewallBootstrap = {
    hostname: 'globex-edge',
    domain: 'globex.example',
    wan: { device: 'vtnet0', address: '198.51.100.20', prefix: 24, gateway: '198.51.100.1' },
    lans: [
      {
        ident: 'lan',
        descr: 'Globex LAN',
        parent: 'vtnet1',
        vlanTag: 120,
        address: '10.20.0.1',
        prefix: 24,
      },
    ],
    managementNetworks: ['192.0.2.0/24'],
    apiKey: creds.key,
    apiSecret: creds.secret,
  };

  it('generates key and secret in OPNsense’s format and writes only the secret’s hash', () => {
    expect(creds.key).toHaveLength(80);
    expect(creds.secret).toHaveLength(80);
    const xml = buildConfigXml(bootstrap);
    expect(xml).not.toContain(creds.secret);
    const imported = readConfigXml(xml);
    expect(imported.hostname).toBe('globex-edge.globex.example');
    expect(imported.users).toHaveLength(1);
    expect(imported.users[0]!.key).toBe(creds.key);
    expect(verifySha512Crypt(creds.secret, imported.users[0]!.secretHash)).toBe(true);
    expect(imported.interfaces).toEqual([
      { identifier: 'wan', device: 'vtnet0', description: 'WAN', ipv4: '198.51.100.20/24' },
      { identifier: 'lan', device: 'vlan00', description: 'Globex LAN', ipv4: '10.20.0.1/24' },
    ]);
    expect(xml).toContain('<vlan><if>vtnet1</if><tag>120</tag>');
    expect(xml).not.toContain('trigger_initial_wizard');
  });

  it('lets only the management networks reach the web GUI, on the port it listens on', () => {
    const xml = buildConfigXml({
      ...bootstrap,
      managementNetworks: ['192.0.2.0/24', '203.0.113.0/28'],
      webgui: { port: 8443 },
    });
    const webgui = /<webgui>([\s\S]*?)<\/webgui>/.exec(xml)![1]!;
    expect(webgui).toContain('<port>8443</port>');
    // listens on WAN only; no anti-lockout rule opening it to the LAN
    expect(webgui).toContain('<interfaces>wan</interfaces>');
    expect(webgui).toContain('<noantilockout>1</noantilockout>');
    const wanPass = [
      ...xml.matchAll(/<rule><type>pass<\/type><interface>wan<\/interface>.*?<\/rule>/g),
    ].map((m) => m[0]);
    expect(wanPass.map((r) => /<source><network>(.*?)<\/network>/.exec(r)![1])).toEqual([
      '192.0.2.0/24',
      '203.0.113.0/28',
    ]);
    for (const r of wanPass)
      expect(r).toContain('<destination><network>wanip</network><port>8443</port></destination>');
    // the LAN may go out, but not to the GUI: its block comes before its allow
    const lanRules = [
      ...xml.matchAll(/<rule><type>(\w+)<\/type><interface>lan<\/interface>.*?<\/rule>/g),
    ];
    expect(lanRules.map((m) => m[1])).toEqual(['block', 'pass']);
    expect(lanRules[0]![0]).toContain(
      '<destination><network>wanip</network><port>8443</port></destination>',
    );
    // the webgui's own <interfaces> list does not hide the interfaces from the importer
    expect(readConfigXml(xml).interfaces.map((i) => i.identifier)).toEqual(['wan', 'lan']);
  });

  describe('on a fresh firewall', () => {
    let sim: RunningOpnSim;
    beforeAll(async () => {
      sim = await startOpnSim({ quiet: true, unconfigured: true });
    });
    afterAll(() => sim.close());

    it('the generated key works once the firewall imported the config', async () => {
      const client = new OpnsenseClient(
        { url: sim.url, key: creds.key, secret: creds.secret, fingerprint: sim.fingerprint },
        { attempts: 1 },
      );
      try {
        await expect(client.version()).rejects.toMatchObject({ code: 'OPN_AUTH' });
        const res = await fetchInsecure(sim, buildConfigXml(bootstrap));
        expect(res).toEqual({ ok: true, users: 1 });
        expect(await client.version()).toBe('26.1.2');
      } finally {
        client.close();
      }
    });
  });
});

/** POST /_sim/config-xml: what the importer does at first boot, here by hand. */
async function fetchInsecure(sim: RunningOpnSim, xml: string): Promise<unknown> {
  const https = await import('node:https');
  return new Promise((resolve, reject) => {
    const req = https.request(
      `${sim.url}/_sim/config-xml`,
      { method: 'POST', rejectUnauthorized: false, headers: { 'Content-Type': 'text/xml' } },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve(JSON.parse(body)));
      },
    );
    req.on('error', reject);
    req.end(xml);
  });
}
