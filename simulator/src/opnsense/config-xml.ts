import type { ApiUser, SimInterface } from './state';

/**
 * What the simulated firewall takes from the config.xml it imports at first boot: API users
 * (`<apikeys>` as `key|$6$…` lines, or the legacy `<item><key/><secret/></item>` form), their
 * privileges, the host name and the interfaces. A deliberately small reader for OPNsense's flat XML.
 */
const unescape = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

function blocks(xml: string, tag: string): string[] {
  const re = new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`, 'g');
  return [...xml.matchAll(re)].map((m) => m[1]!);
}
const text = (xml: string, tag: string): string | undefined => {
  const b = blocks(xml, tag)[0];
  return b === undefined ? undefined : unescape(b.trim());
};

export interface ImportedConfig {
  hostname?: string;
  users: ApiUser[];
  interfaces: SimInterface[];
  /** `<system><webgui>`: its port and the certificate it serves (`ssl-certref` → `<cert>`) */
  webgui: { port?: number; tls?: { cert: string; key: string } };
}

export function readConfigXml(xml: string): ImportedConfig {
  if (!/<opnsense>[\s\S]*<\/opnsense>/.test(xml)) throw new Error('not an OPNsense config.xml');
  const system = blocks(xml, 'system')[0] ?? '';
  const host = text(system, 'hostname');
  const domain = text(system, 'domain');
  const users: ApiUser[] = [];
  for (const u of blocks(system, 'user')) {
    const name = text(u, 'name') ?? 'user';
    const privs = blocks(u, 'priv').map((p) => unescape(p.trim()));
    const acl = privs.includes('page-all') ? ['*'] : privs.map(pagePattern);
    const apikeys = blocks(u, 'apikeys')[0] ?? '';
    const items = blocks(apikeys, 'item');
    const pairs = items.length
      ? items.map((i) => [text(i, 'key') ?? '', text(i, 'secret') ?? ''])
      : unescape(apikeys)
          .split('\n')
          .map((l) => l.trim().split('|'))
          .filter((p) => p.length === 2);
    for (const [key, hash] of pairs)
      if (key && hash) users.push({ name, key, secretHash: hash, acl });
  }
  // the top-level <interfaces> (system/webgui has an <interfaces> list of its own)
  const ifBlock = blocks(xml.replace(/<system>[\s\S]*?<\/system>/, ''), 'interfaces')[0] ?? '';
  const interfaces: SimInterface[] = [];
  for (const m of ifBlock.matchAll(/<(wan|lan|opt\d+)>([\s\S]*?)<\/\1>/g)) {
    const body = m[2]!;
    const device = text(body, 'if') ?? '';
    const addr = text(body, 'ipaddr') ?? '';
    const bits = text(body, 'subnet');
    interfaces.push({
      identifier: m[1]!,
      device,
      description: text(body, 'descr') ?? m[1]!.toUpperCase(),
      ipv4: bits ? `${addr}/${bits}` : addr,
    });
  }
  const webgui = blocks(system, 'webgui')[0] ?? '';
  const port = Number(text(webgui, 'port') ?? '');
  const ref = text(webgui, 'ssl-certref');
  const cert = ref ? blocks(xml, 'cert').find((c) => text(c, 'refid') === ref) : undefined;
  const b64 = (t: string | undefined) => (t ? Buffer.from(t, 'base64').toString('utf8') : '');
  const crt = b64(text(cert ?? '', 'crt'));
  const prv = b64(text(cert ?? '', 'prv'));
  return {
    hostname: host ? [host, domain].filter(Boolean).join('.') : undefined,
    users,
    interfaces,
    webgui: {
      ...(Number.isInteger(port) && port > 0 ? { port } : {}),
      ...(crt && prv ? { tls: { cert: crt, key: prv } } : {}),
    },
  };
}

/** OPNsense privilege names map to URL patterns; the simulator knows the ones the platform uses. */
function pagePattern(priv: string): string {
  const known: Record<string, string> = {
    'page-firewall-aliases': 'api/firewall/alias/*',
    'page-firewall-automation': 'api/firewall/filter/*',
    'page-firewall-nat-outbound': 'api/firewall/source_nat/*',
    'page-firewall-nat-1-1': 'api/firewall/one_to_one/*',
    'page-firewall-nat-portforward': 'api/firewall/d_nat/*',
    'page-system-firmware': 'api/core/firmware/*',
  };
  return known[priv] ?? `api/${priv}/*`;
}
