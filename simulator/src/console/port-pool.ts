/** Per-node pool of the 5900-5999 ports that vncproxy/termproxy hand out. */
export class PortPool {
  private readonly used = new Map<string, Set<number>>();

  constructor(
    private readonly first = 5900,
    private readonly last = 5999,
  ) {}

  allocate(node: string): number {
    let ports = this.used.get(node);
    if (!ports) this.used.set(node, (ports = new Set()));
    for (let port = this.first; port <= this.last; port++) {
      if (!ports.has(port)) {
        ports.add(port);
        return port;
      }
    }
    throw new Error(`unable to find free port (${this.first}-${this.last}) on node '${node}'`);
  }

  release(node: string, port: number): void {
    this.used.get(node)?.delete(port);
  }

  inUse(node: string): number {
    return this.used.get(node)?.size ?? 0;
  }
}
