/**
 * Config changes that leave every network device of a restored guest disconnected: `link_down=1`
 * on each `netN` (qemu and lxc both accept it), the rest of the device kept as it is.
 */
export function disconnectedNetworks(
  _kind: 'qemu' | 'lxc',
  config: Record<string, unknown>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    if (!/^net\d+$/.test(key) || typeof value !== 'string') continue;
    const parts = value.split(',').filter((p) => !p.startsWith('link_down='));
    out[key] = [...parts, 'link_down=1'].join(',');
  }
  return out;
}
