import type { PlacementResources, PlacementStorage } from '@multpanel/contracts';
import type { WizardValues } from './wizard-schema';

// What the node, storage and bridge pickers offer, from GET /api/vms/placement/resources.

/** The nodes the guest may land on: the chosen one, or every online node (automatic placement). */
function candidateNodes(resources: PlacementResources, node: string) {
  const online = resources.nodes.filter((n) => n.online);
  return node ? online.filter((n) => n.node === node) : online;
}

/**
 * Storages that can hold the guest's disk (VM images or container volumes) on the candidate nodes.
 * With automatic placement a storage is offered only when every online node has it (the guest may
 * land on any); free space is the smallest of those nodes'.
 */
export function storageChoices(
  resources: PlacementResources,
  node: string,
  kind: 'qemu' | 'lxc',
): PlacementStorage[] {
  const content = kind === 'qemu' ? 'images' : 'rootdir';
  const nodes = candidateNodes(resources, node);
  if (!nodes.length) return [];
  const byName = new Map<string, PlacementStorage>();
  for (const st of nodes[0]!.storages) if (st.content.includes(content)) byName.set(st.storage, st);
  for (const n of nodes.slice(1)) {
    for (const [name, st] of byName) {
      const here = n.storages.find((s) => s.storage === name && s.content.includes(content));
      if (!here) byName.delete(name);
      else if ((here.availBytes ?? Infinity) < (st.availBytes ?? Infinity)) byName.set(name, here);
    }
  }
  return [...byName.values()].sort((a, b) => a.storage.localeCompare(b.storage));
}

/** Bridges present on every candidate node; VLAN-aware only when it is so everywhere. */
export function bridgeChoices(
  resources: PlacementResources,
  node: string,
): Array<{ iface: string; vlanAware: boolean; comment: string | null }> {
  const nodes = candidateNodes(resources, node);
  if (!nodes.length) return [];
  return nodes[0]!.bridges
    .filter((b) => nodes.every((n) => n.bridges.some((x) => x.iface === b.iface)))
    .map((b) => ({
      ...b,
      vlanAware: nodes.every((n) => n.bridges.find((x) => x.iface === b.iface)!.vlanAware),
    }));
}

/**
 * The NICs to use once the company's default network on the cluster is known (its network edge's
 * LAN): the wizard's untouched default NIC (vmbr0, no VLAN, no range) moves onto it; anything the
 * user chose stays (null: no change).
 */
export function edgeNetworks(
  nets: WizardValues['networks'],
  edge: PlacementResources['guestNetwork'] | null | undefined,
): WizardValues['networks'] | null {
  if (!edge) return null;
  const [only] = nets;
  const untouched =
    nets.length === 1 && only!.bridge === 'vmbr0' && !only!.vlan && !only!.ipamRangeId;
  if (!untouched) return null;
  return [
    {
      bridge: edge.bridge,
      vlan: edge.vlan ? String(edge.vlan) : '',
      model: only!.model || 'virtio',
      ipamRangeId: edge.rangeId,
    },
  ];
}
