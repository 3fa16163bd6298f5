import { availableIn, DOCUMENTED_ENDPOINTS, type DocumentedEndpoint } from '@multpanel/simulator';

/**
 * The documented OPNsense API (the list the simulator is held to, with its sources) and the item
 * kinds the platform manages through it. Every call the client makes is looked up here: an
 * undocumented path is a programming error, a path the firewall's release lacks a clear 409.
 */
export type OpnKind = 'alias' | 'filter' | 'source_nat' | 'one_to_one' | 'd_nat';

export interface KindDef {
  /** `module/controller` */
  base: string;
  /** the item word in search_/get_/add_/set_/del_ */
  item: string;
  /** JSON container key of the item */
  key: string;
  /** how changes take effect */
  apply: string;
  /** for messages: "port forwards need OPNsense 26.1" */
  label: string;
}

export const KINDS: Record<OpnKind, KindDef> = {
  alias: {
    base: 'firewall/alias',
    item: 'item',
    key: 'alias',
    apply: 'firewall/alias/reconfigure',
    label: 'aliases',
  },
  filter: {
    base: 'firewall/filter',
    item: 'rule',
    key: 'rule',
    apply: 'firewall/filter/apply',
    label: 'filter rules',
  },
  source_nat: {
    base: 'firewall/source_nat',
    item: 'rule',
    key: 'rule',
    apply: 'firewall/source_nat/apply',
    label: 'outbound NAT',
  },
  one_to_one: {
    base: 'firewall/one_to_one',
    item: 'rule',
    key: 'rule',
    apply: 'firewall/one_to_one/apply',
    label: 'one-to-one NAT',
  },
  d_nat: {
    base: 'firewall/d_nat',
    item: 'rule',
    key: 'rule',
    apply: 'firewall/d_nat/apply',
    label: 'port forwards',
  },
};

export function documented(path: string): DocumentedEndpoint {
  const ep = DOCUMENTED_ENDPOINTS.find((e) => e.path === path);
  if (!ep) throw new Error(`${path} is not a documented OPNsense API endpoint`);
  return ep;
}

export { availableIn };
