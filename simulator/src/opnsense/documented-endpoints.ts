/**
 * The OPNsense API endpoints the simulator implements, each as the OPNsense API reference documents
 * it (method, module, controller, command, positional parameters), with the first (and where it went
 * away, the last) release that has it. A contract test checks that every route the simulator serves
 * is on this list, and the backend client's contract test that every call it makes is too.
 *
 * Sources:
 *  - https://docs.opnsense.org/development/api/core/firewall.html   (alias, filter, source_nat,
 *    one_to_one, d_nat; generated from the controllers of opnsense/core)
 *  - https://docs.opnsense.org/development/api/core/kea.html         (dhcpv4, service, leases4)
 *  - https://docs.opnsense.org/development/api/core/interfaces.html  (overview, vlan_settings)
 *  - https://docs.opnsense.org/development/api/core/core.html        (firmware, system)
 *  - https://docs.opnsense.org/development/api/core/diagnostics.html (system information)
 *  - releases: opnsense/core tags (a controller
 *    file's first tag): Filter/Kea/Overview 24.1, OneToOne 24.7, DNat 26.1, filter savepoint
 *    actions removed in 26.7 (commit 17b84612eb).
 */
export type OpnMethod = 'GET' | 'POST';

export interface DocumentedEndpoint {
  methods: OpnMethod[];
  /** `module/controller/command`, snake_case as the reference writes it */
  path: string;
  /** positional parameters after the command, as documented (`$uuid`, `$enabled=null`) */
  params?: string[];
  since?: string;
  /** first release without it */
  removedIn?: string;
  source: string;
}

const FW = 'https://docs.opnsense.org/development/api/core/firewall.html';
const KEA = 'https://docs.opnsense.org/development/api/core/kea.html';
const IFS = 'https://docs.opnsense.org/development/api/core/interfaces.html';
const CORE = 'https://docs.opnsense.org/development/api/core/core.html';
const DIAG = 'https://docs.opnsense.org/development/api/core/diagnostics.html';
/**
 * UserController.php (opnsense/core, "Copyright (C) 2024"): add_api_key/<username> answers
 * `{"result":"ok","hostname":…,"key":…,"secret":…}` (ApiKeyField::add: base64 of 60 random bytes
 * each, only crypt(secret,'$6$') kept); del_api_key/<base64(key)> `{"result":"deleted"|"not
 * found"}`, `{"result":"failed"}` unless POST. First release with the MVC user controller:
 * unverified (not gated here).
 */
const AUTH = 'https://docs.opnsense.org/development/api/core/auth.html';

const ep = (
  methods: OpnMethod[],
  path: string,
  source: string,
  extra: Partial<DocumentedEndpoint> = {},
): DocumentedEndpoint => ({ methods, path, source, ...extra });

/** The CRUD set of an ApiMutableModelControllerBase controller for one item kind. */
function crud(base: string, item: string, source: string, since?: string): DocumentedEndpoint[] {
  const s = since ? { since } : {};
  return [
    ep(['GET', 'POST'], `${base}/search_${item}`, source, s),
    ep(['GET'], `${base}/get_${item}`, source, { ...s, params: ['$uuid=null'] }),
    ep(['POST'], `${base}/add_${item}`, source, s),
    ep(['POST'], `${base}/set_${item}`, source, { ...s, params: ['$uuid'] }),
    ep(['POST'], `${base}/del_${item}`, source, { ...s, params: ['$uuid'] }),
    ep(['POST'], `${base}/toggle_${item}`, source, { ...s, params: ['$uuid', '$enabled=null'] }),
  ];
}

export const DOCUMENTED_ENDPOINTS: DocumentedEndpoint[] = [
  ep(['GET'], 'core/firmware/info', CORE),
  ep(['GET', 'POST'], 'core/firmware/status', CORE),
  ep(['GET'], 'core/system/status', CORE),
  ep(['POST'], 'auth/user/add_api_key', AUTH, { params: ['$username'] }),
  ep(['POST'], 'auth/user/del_api_key', AUTH, { params: ['$id'] }),
  ep(['GET'], 'auth/user/search_api_key', AUTH),
  ep(['GET'], 'diagnostics/system/system_information', DIAG),
  ep(['GET', 'POST'], 'interfaces/overview/interfaces_info', IFS, {
    params: ['$details=false'],
    since: '24.1',
  }),

  ...crud('firewall/alias', 'item', FW),
  ep(['GET'], 'firewall/alias/get_alias_u_u_i_d', FW, { params: ['$name'] }),
  ep(['POST'], 'firewall/alias/reconfigure', FW),

  ...crud('firewall/filter', 'rule', FW, '24.1'),
  ep(['POST'], 'firewall/filter/apply', FW, { params: ['$rollback_revision=null'], since: '24.1' }),
  ep(['POST'], 'firewall/filter/savepoint', FW, { since: '24.1', removedIn: '26.7' }),
  ep(['POST'], 'firewall/filter/cancel_rollback', FW, {
    params: ['$rollback_revision'],
    since: '24.1',
    removedIn: '26.7',
  }),
  ep(['POST'], 'firewall/filter/revert', FW, {
    params: ['$revision'],
    since: '24.1',
    removedIn: '26.7',
  }),

  ...crud('firewall/source_nat', 'rule', FW, '24.1'),
  ep(['POST'], 'firewall/source_nat/apply', FW, {
    params: ['$rollback_revision=null'],
    since: '24.1',
  }),

  ...crud('firewall/one_to_one', 'rule', FW, '24.7'),
  ep(['POST'], 'firewall/one_to_one/apply', FW, {
    params: ['$rollback_revision=null'],
    since: '24.7',
  }),

  ...crud('firewall/d_nat', 'rule', FW, '26.1'),
  ep(['POST'], 'firewall/d_nat/apply', FW, { params: ['$rollback_revision=null'], since: '26.1' }),

  ...crud('interfaces/vlan_settings', 'item', IFS).filter((e) => !e.path.endsWith('toggle_item')),
  ep(['POST'], 'interfaces/vlan_settings/reconfigure', IFS),

  ep(['GET'], 'kea/dhcpv4/get', KEA, { since: '24.1' }),
  ep(['POST'], 'kea/dhcpv4/set', KEA, { since: '24.1' }),
  ...crud('kea/dhcpv4', 'subnet', KEA, '24.1').filter((e) => !e.path.includes('toggle_')),
  ...crud('kea/dhcpv4', 'reservation', KEA, '24.1').filter((e) => !e.path.includes('toggle_')),
  ep(['POST'], 'kea/service/reconfigure', KEA, { since: '24.1' }),
  ep(['GET'], 'kea/service/status', KEA, { since: '24.1' }),
  ep(['GET', 'POST'], 'kea/leases4/search', KEA, { since: '24.1' }),
];

/** Compare OPNsense versions like `24.7`, `26.1.2`, `26.1_3`. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[._-]/).map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split(/[._-]/).map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export function availableIn(e: DocumentedEndpoint, version: string): boolean {
  if (e.since && compareVersions(version, e.since) < 0) return false;
  if (e.removedIn && compareVersions(version, e.removedIn) >= 0) return false;
  return true;
}
