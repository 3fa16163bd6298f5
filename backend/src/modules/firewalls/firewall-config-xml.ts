import { randomBytes } from 'node:crypto';
import { hashSecret } from '@multpanel/simulator';

/**
 * The initial config.xml a new firewall imports from its config disk at first boot (zero-touch):
 * WAN on the MSP's uplink, LAN/OPT interfaces on the company's VLANs with their IPAM addresses, an
 * API user whose key/secret the platform generated (only the SHA-512 crypt hash of the secret is
 * written, as OPNsense stores it), and the web GUI/API reachable only from the MSP's management
 * networks. Layout after OPNsense's config.xml.sample (25.7: legacy <filter><rule>).
 */
export interface FirewallBootstrap {
  hostname: string;
  domain: string;
  wan:
    | { device: string; address: string; prefix: number; gateway?: string }
    | { device: string; dhcp: true };
  lans: Array<{
    /** lan, opt1, opt2 … */
    ident: string;
    descr: string;
    /** parent NIC (vtnet1) and VLAN tag; without a tag the NIC itself */
    parent: string;
    vlanTag?: number;
    address: string;
    prefix: number;
  }>;
  /** networks (CIDR) allowed to reach the web GUI/API on WAN */
  managementNetworks: string[];
  apiKey: string;
  apiSecret: string;
  /** web GUI port and the certificate it serves (PEM), when the platform made one */
  webgui?: { port: number; cert?: { pem: string; key: string } };
}

/** An API key pair in OPNsense's format: base64 of 60 random bytes each (80 characters). */
export function generateApiCredentials(): { key: string; secret: string } {
  return { key: randomBytes(60).toString('base64'), secret: randomBytes(60).toString('base64') };
}

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** `<cert><refid>` of the web GUI certificate the platform generated (OPNsense uses 13 hex digits). */
const CERT_REF = '6d756c7470616e';

export function buildConfigXml(b: FirewallBootstrap): string {
  const vlans = b.lans.filter((l) => l.vlanTag !== undefined);
  const device = (l: FirewallBootstrap['lans'][number]) =>
    l.vlanTag === undefined ? l.parent : `vlan0${vlans.indexOf(l)}`;
  const wan =
    'dhcp' in b.wan
      ? `<wan><enable>1</enable><if>${esc(b.wan.device)}</if><ipaddr>dhcp</ipaddr><descr>WAN</descr></wan>`
      : `<wan><enable>1</enable><if>${esc(b.wan.device)}</if><ipaddr>${esc(b.wan.address)}</ipaddr><subnet>${b.wan.prefix}</subnet>${b.wan.gateway ? '<gateway>WAN_GW</gateway>' : ''}<descr>WAN</descr></wan>`;
  const lans = b.lans
    .map(
      (l) =>
        `<${l.ident}><enable>1</enable><if>${esc(device(l))}</if><descr>${esc(l.descr)}</descr><ipaddr>${esc(l.address)}</ipaddr><subnet>${l.prefix}</subnet></${l.ident}>`,
    )
    .join('');
  const vlanXml = vlans
    .map(
      (l) =>
        `<vlan><if>${esc(l.parent)}</if><tag>${l.vlanTag}</tag><pcp>0</pcp><proto/><descr>${esc(l.descr)}</descr><vlanif>${device(l)}</vlanif></vlan>`,
    )
    .join('');
  const guiPort = b.webgui?.port ?? 443;
  // WAN blocks inbound by default: only the management networks reach the web GUI/API port
  const mgmt = b.managementNetworks
    .map(
      (n, i) =>
        `<rule><type>pass</type><interface>wan</interface><ipprotocol>inet</ipprotocol><protocol>tcp</protocol><source><network>${esc(n)}</network></source><destination><network>wanip</network><port>${guiPort}</port></destination><descr>Multpanel management ${i + 1}</descr></rule>`,
    )
    .join('');
  // rules match first-to-last: the LANs' way to the GUI on the WAN address is closed before
  // their outbound allow
  const lanOut = b.lans
    .map(
      (l) =>
        `<rule><type>block</type><interface>${l.ident}</interface><ipprotocol>inet</ipprotocol><protocol>tcp</protocol><source><network>${l.ident}</network></source><destination><network>wanip</network><port>${guiPort}</port></destination><descr>${esc(l.descr)}: no web GUI</descr></rule>` +
        `<rule><type>pass</type><interface>${l.ident}</interface><ipprotocol>inet</ipprotocol><source><network>${l.ident}</network></source><destination><any/></destination><descr>${esc(l.descr)} outbound</descr></rule>`,
    )
    .join('');
  return [
    '<?xml version="1.0"?>',
    '<opnsense>',
    '<version>1</version>',
    `<system><hostname>${esc(b.hostname)}</hostname><domain>${esc(b.domain)}</domain>`,
    '<group><name>admins</name><scope>system</scope><gid>1999</gid><member>0</member><member>2000</member><priv>page-all</priv></group>',
    `<user><name>multpanel</name><descr>Multpanel automation</descr><scope>user</scope><groupname>admins</groupname><uid>2000</uid><priv>page-all</priv><apikeys>${esc(b.apiKey)}|${hashSecret(b.apiSecret)}</apikeys></user>`,
    // the GUI listens on the WAN address only (Listen Interfaces), without the LAN anti-lockout rule
    `<webgui><protocol>https</protocol><port>${guiPort}</port>${b.webgui?.cert ? `<ssl-certref>${CERT_REF}</ssl-certref>` : ''}<interfaces>wan</interfaces><noantilockout>1</noantilockout></webgui>`,
    '<disablenatreflection>yes</disablenatreflection>',
    '</system>',
    `<interfaces>${wan}${lans}</interfaces>`,
    `<vlans>${vlanXml}</vlans>`,
    '<nat><outbound><mode>automatic</mode></outbound></nat>',
    `<filter>${mgmt}${lanOut}</filter>`,
    b.webgui?.cert
      ? `<cert><refid>${CERT_REF}</refid><descr>Web GUI (Multpanel)</descr><crt>${Buffer.from(b.webgui.cert.pem).toString('base64')}</crt><prv>${Buffer.from(b.webgui.cert.key).toString('base64')}</prv></cert>`
      : '',
    '</opnsense>',
    '',
  ].join('\n');
}
