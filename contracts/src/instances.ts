// The registry of an MSP's Multpanel installations (instances.yml → instances), System → Instances.

export interface InstanceView {
  id: string;
  name: string;
  url: string;
  environment: string;
  expectedVersion: string | null;
  version: string | null;
  status: 'ok' | 'degraded' | 'down';
  latencyMs: number | null;
  error: string | null;
  /** Older than its expected version, or (without one) than this installation. */
  behind: boolean;
  checkedAt: string;
}

export interface InstancesOverview {
  current: string;
  items: InstanceView[];
}
