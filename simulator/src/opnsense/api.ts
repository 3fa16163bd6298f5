import { randomBytes } from 'node:crypto';
import { inSubnet, searchLeases } from './kea';
import type { Collection, Item } from './models';
import { hashSecret } from './sha512-crypt';
import { PF_AREAS, type Area, type FirewallState } from './state';

/** One API call after routing and authentication. */
export interface Call {
  method: string;
  args: string[];
  body: Record<string, unknown>;
  query: Record<string, string>;
}
export interface Reply {
  status?: number;
  body: unknown;
}
export type Handler = (call: Call) => Reply;

/** Hooks the server gives the API for the savepoint state machine and faults. */
export interface ApiHooks {
  savepoint(): string;
  armRollback(revision: string): boolean;
  cancelRollback(revision: string): boolean;
  revert(revision: string): boolean;
  afterApply(revision: string | undefined): void;
}

const ok = (body: unknown): Reply => ({ body });
const isPost = (c: Call) => c.method === 'POST';
/** OPNsense answers a mutation sent with GET with HTTP 200 and a failed result, not 405. */
const FAILED: Reply = { body: { result: 'failed' } };
const STATUS_FAILED: Reply = { body: { status: 'failed' } };

/** Accept both `{"source":{"network":…}}` and `{"source.network":…}` for nested DNat fields. */
function flatten(input: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) {
    if (v && typeof v === 'object' && !Array.isArray(v))
      Object.assign(out, flatten(v as Record<string, unknown>, `${prefix}${k}.`));
    else out[`${prefix}${k}`] = v;
  }
  return out;
}

function nest(item: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) {
    const [head, tail] = k.split('.', 2) as [string, string | undefined];
    if (tail === undefined) out[k] = v;
    else ((out[head] ??= {}) as Record<string, unknown>)[tail] = v;
  }
  return out;
}

const uuidRe = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface CrudOptions {
  /** toggle flips `disabled` instead of `enabled` (DNat) */
  disabledToggle?: boolean;
  nested?: boolean;
  onDelete?: (item: Item) => string[];
  /** the model's performValidation beyond single fields (messages by field) */
  check?: (item: Item) => Record<string, string>;
}

/** search/get/add/set/del/toggle of one item kind, with ApiMutableModelControllerBase semantics. */
export function crudHandlers(
  state: FirewallState,
  area: Area,
  item: string,
  opts: CrudOptions = {},
): Record<string, Handler> {
  const col = (): Collection => state.config[area];
  const key = () => col().def.key;
  const input = (c: Call): Record<string, unknown> | undefined => {
    const raw = c.body[key()];
    if (!raw || typeof raw !== 'object') return undefined;
    return opts.nested ? flatten(raw as Record<string, unknown>) : (raw as Record<string, unknown>);
  };
  const save = (c: Call, uuid: string, base: Item): Reply => {
    const data = input(c);
    if (!data) return FAILED;
    const r = col().validate(data, base, uuid, opts.check);
    if ('validations' in r) return ok({ result: 'failed', validations: r.validations });
    col().items.set(uuid, r.item);
    return ok({ result: 'saved', uuid });
  };
  const render = (i: Item) => {
    const r = col().render(i);
    return opts.nested ? nest(r) : r;
  };
  return {
    [`search_${item}`]: (c) => ok(col().search({ ...c.query, ...c.body })),
    [`get_${item}`]: (c) => {
      const uuid = c.args[0];
      if (uuid === undefined) return ok({ [key()]: render(col().blank()) });
      const found = col().items.get(uuid);
      return ok(found ? { [key()]: render(found) } : []);
    },
    [`add_${item}`]: (c) => {
      if (!isPost(c)) return FAILED;
      const uuid = state.newUuid();
      const r = save(c, uuid, col().blank());
      const body = r.body as { result: string };
      return body.result === 'saved' ? ok({ result: 'saved', uuid }) : r;
    },
    [`set_${item}`]: (c) => {
      const uuid = c.args[0];
      if (!isPost(c) || !uuid) return FAILED;
      const existing = col().items.get(uuid);
      // HEAD: set is an upsert for a well-formed unknown uuid
      if (!existing && !uuidRe.test(uuid)) return FAILED;
      const r = save(c, uuid, existing ?? col().blank());
      const body = r.body as { result: string };
      return body.result === 'saved' ? ok({ result: 'saved' }) : r;
    },
    [`del_${item}`]: (c) => {
      const ids = (c.args[0] ?? '').split(',').filter(Boolean);
      if (!isPost(c) || ids.length === 0) return FAILED;
      const found = ids.filter((u) => col().items.has(u));
      if (found.length === 0) return ok({ result: 'not found' });
      for (const u of found) {
        const users = opts.onDelete?.(col().items.get(u)!) ?? [];
        if (users.length)
          return {
            status: 400,
            body: {
              errorMessage: `Item in use by: ${users.join(', ')}`,
              errorTitle: 'Item in use',
            },
          };
      }
      for (const u of found) col().items.delete(u);
      return ok({ result: 'deleted' });
    },
    [`toggle_${item}`]: (c) => {
      const [uuid, wanted] = c.args;
      if (!isPost(c) || !uuid) return FAILED;
      const found = col().items.get(uuid);
      if (!found) return ok({ result: 'failed' });
      const field = opts.disabledToggle ? 'disabled' : 'enabled';
      const before = found[field];
      found[field] = wanted === '0' || wanted === '1' ? wanted : before === '1' ? '0' : '1';
      const enabled = opts.disabledToggle ? found[field] === '0' : found[field] === '1';
      return ok({ result: enabled ? 'Enabled' : 'Disabled', changed: before !== found[field] });
    },
  };
}

function configdOk(): string {
  return 'OK\n\n';
}

/** `module/controller/command` (snake_case, as documented) → handler. */
export function buildApi(state: FirewallState, hooks: ApiHooks): Record<string, Handler> {
  const pfApply = (c: Call): Reply => {
    if (!isPost(c)) return STATUS_FAILED;
    const rev = c.args[0];
    if (rev !== undefined && !hooks.armRollback(rev))
      return ok({ status: 'unknown (or removed) savepoint' });
    state.apply(PF_AREAS);
    hooks.afterApply(rev);
    return ok({ status: configdOk() });
  };
  const product = () => {
    const [major, minor] = state.version.split('.');
    return {
      product_name: 'OPNsense',
      product_id: 'opnsense',
      product_version: state.version,
      product_series: `${major}.${minor}`,
      product_abi: `${major}.${minor}`,
      product_arch: 'amd64',
      product_latest: state.version,
      product_mirror: 'https://pkg.opnsense.org/FreeBSD:14:amd64/' + `${major}.${minor}`,
      product_repos: 'OPNsense',
      product_time: 'Mon Jan 26 12:00:00 UTC 2026',
      product_check: null,
      product_license: {},
      product_hash: '0123abcd',
    };
  };
  const ifRows = () =>
    state.interfaces.map((i) => ({
      identifier: i.identifier,
      device: i.device,
      description: i.description,
      status: 'up',
      enabled: true,
      link_type: i.identifier === 'wan' ? 'dhcp' : 'static',
      ipv4: [{ ipaddr: i.ipv4 }],
      ipv6: [],
      gateways: [],
      routes: [],
      vlan_tag: i.vlanTag ?? null,
      macaddr: `bc:24:11:00:00:${String(state.interfaces.indexOf(i)).padStart(2, '0')}`,
    }));

  return {
    'core/firmware/info': () =>
      ok({ ...product(), product: product(), package: [], plugin: [], changelog: [] }),
    'core/firmware/status': () =>
      ok({
        status: 'none',
        status_msg:
          'Firmware status requires to check for update first to provide more information.',
        product: product(),
      }),
    'core/system/status': () =>
      ok({
        metadata: {
          system: { status: 2, message: 'No pending messages', title: 'System' },
          translations: {},
          subsystems: {},
        },
      }),
    'diagnostics/system/system_information': () =>
      ok({
        name: state.hostname,
        versions: [`OPNsense ${state.version}-amd64`, 'FreeBSD 14.3-RELEASE-p7', 'OpenSSL 3.0.18'],
        updates: false,
      }),
    'interfaces/overview/interfaces_info': () => {
      const rows = ifRows();
      return ok({ total: rows.length, rowCount: rows.length, current: 1, rows });
    },

    ...prefix(
      'firewall/alias',
      crudHandlers(state, 'alias', 'item', {
        onDelete: (i) => state.aliasUsers(i.name ?? ''),
      }),
    ),
    // API keys of a user: the platform's bootstrap credential is exchanged for a key made here
    'auth/user/add_api_key': (c) => {
      const owner = state.users.find((u) => u.name === c.args[0]);
      if (!isPost(c) || !owner) return FAILED;
      const key = randomBytes(60).toString('base64');
      const secret = randomBytes(60).toString('base64');
      state.users.push({ name: owner.name, key, secretHash: hashSecret(secret), acl: owner.acl });
      return ok({ result: 'ok', hostname: state.hostname, key, secret });
    },
    'auth/user/del_api_key': (c) => {
      if (!isPost(c)) return FAILED;
      const key = Buffer.from(c.args[0] ?? '', 'base64').toString('utf8');
      const before = state.users.length;
      state.users = state.users.filter((u) => u.key !== key);
      return ok({ result: state.users.length < before ? 'deleted' : 'not found' });
    },
    'auth/user/search_api_key': () => {
      const rows = state.users.map((u) => ({
        username: u.name,
        key: u.key,
        id: Buffer.from(u.key).toString('base64'),
      }));
      return ok({ total: rows.length, rowCount: rows.length, current: 1, rows });
    },

    'firewall/alias/get_alias_u_u_i_d': (c) => {
      const hit = [...state.config.alias.items.entries()].find(([, i]) => i.name === c.args[0]);
      return ok(hit ? { uuid: hit[0] } : []);
    },
    'firewall/alias/reconfigure': (c) => {
      if (!isPost(c)) return STATUS_FAILED;
      state.apply(['alias']);
      return ok({ status: 'ok' });
    },

    ...prefix('firewall/filter', crudHandlers(state, 'filter', 'rule')),
    'firewall/filter/apply': pfApply,
    'firewall/filter/savepoint': (c) => {
      if (!isPost(c)) return STATUS_FAILED;
      return ok({ status: 'ok', retention: '60', revision: hooks.savepoint() });
    },
    'firewall/filter/cancel_rollback': (c) => {
      if (!isPost(c)) return STATUS_FAILED;
      hooks.cancelRollback(c.args[0] ?? '');
      return ok({ status: 'ok' });
    },
    'firewall/filter/revert': (c) => {
      if (!isPost(c)) return STATUS_FAILED;
      return ok({
        status: hooks.revert(c.args[0] ?? '') ? 'ok' : 'unknown (or removed) savepoint',
      });
    },

    ...prefix('firewall/source_nat', crudHandlers(state, 'source_nat', 'rule')),
    'firewall/source_nat/apply': pfApply,
    ...prefix('firewall/one_to_one', crudHandlers(state, 'one_to_one', 'rule')),
    'firewall/one_to_one/apply': pfApply,
    ...prefix(
      'firewall/d_nat',
      crudHandlers(state, 'd_nat', 'rule', { nested: true, disabledToggle: true }),
    ),
    'firewall/d_nat/apply': pfApply,

    ...prefix('interfaces/vlan_settings', withoutToggle(crudHandlers(state, 'vlan', 'item'))),
    'interfaces/vlan_settings/reconfigure': (c) => {
      if (!isPost(c)) return STATUS_FAILED;
      let n = 0;
      for (const i of state.config.vlan.items.values())
        if (!i.vlanif) i.vlanif = `vlan0${n++}`;
        else n++;
      state.apply(['vlan']);
      return ok({ status: 'ok' });
    },

    'kea/dhcpv4/get': () =>
      ok({
        dhcpv4: {
          general: {
            enabled: state.keaGeneral.enabled,
            interfaces: Object.fromEntries(
              state.interfaces.map((i) => [
                i.identifier,
                {
                  value: i.description,
                  selected: state.keaGeneral.interfaces.split(',').includes(i.identifier) ? 1 : 0,
                },
              ]),
            ),
          },
        },
      }),
    'kea/dhcpv4/set': (c) => {
      if (!isPost(c)) return FAILED;
      const general = ((c.body.dhcpv4 as Record<string, unknown> | undefined)?.general ??
        {}) as Record<string, unknown>;
      const ifs = String(general.interfaces ?? state.keaGeneral.interfaces);
      const unknown = ifs
        .split(',')
        .filter(Boolean)
        .filter((x) => !state.interfaces.some((i) => i.identifier === x));
      if (unknown.length)
        return ok({
          result: 'failed',
          validations: { 'dhcpv4.general.interfaces': 'Option not in list.' },
        });
      state.keaGeneral = {
        enabled: general.enabled === '1' || general.enabled === 1 ? '1' : '0',
        interfaces: ifs,
      };
      return ok({ result: 'saved' });
    },
    ...prefix(
      'kea/dhcpv4',
      withoutToggle({
        ...crudHandlers(state, 'kea_subnet', 'subnet', {
          onDelete: (i) => state.subnetUsers(i),
        }),
        ...crudHandlers(state, 'kea_reservation', 'reservation', {
          check: (r) => keaReservationIssues(state, r),
        }),
      }),
    ),
    'kea/service/reconfigure': (c) => {
      if (!isPost(c)) return STATUS_FAILED;
      state.apply(['kea_subnet', 'kea_reservation']);
      state.keaRunning = state.keaGeneral.enabled === '1';
      return ok({ status: 'ok' });
    },
    'kea/service/status': () =>
      ok({
        status:
          state.keaGeneral.enabled !== '1' ? 'disabled' : state.keaRunning ? 'running' : 'stopped',
        widget: {
          caption_stop: 'stop service',
          caption_start: 'start service',
          caption_restart: 'restart service',
        },
      }),
    'kea/leases4/search': (c) => ok(searchLeases(state.leases, { ...c.query, ...c.body })),
  };
}

function prefix(base: string, handlers: Record<string, Handler>): Record<string, Handler> {
  return Object.fromEntries(
    Object.entries(handlers).map(([k, v]) => [k.includes('/') ? k : `${base}/${k}`, v]),
  );
}

function withoutToggle(handlers: Record<string, Handler>): Record<string, Handler> {
  return Object.fromEntries(Object.entries(handlers).filter(([k]) => !k.startsWith('toggle_')));
}

/**
 * KeaDhcpv4::performValidation for a reservation: its address inside the subnet it names, and
 * exactly one of a client id and a MAC address (the messages are OPNsense's).
 */
function keaReservationIssues(state: FirewallState, r: Item): Record<string, string> {
  const out: Record<string, string> = {};
  const subnet = state.config.kea_subnet.items.get(r.subnet ?? '')?.subnet ?? '';
  if (!inSubnet(r.ip_address ?? '', subnet)) out.ip_address = 'Address not in specified subnet';
  if (r.client_id && r.hw_address)
    out.hw_address = 'Either a client ID or a MAC address should be specified, but not both';
  else if (!r.client_id && !r.hw_address)
    out.hw_address = 'Either a client ID or a MAC address should be specified.';
  return out;
}
