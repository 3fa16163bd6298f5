import { Injectable } from '@nestjs/common';
import type { InstancesOverview, InstanceView } from '@multpanel/contracts';
import { AppError } from '../../common/errors/app-error';
import { AppConfig } from '../../config/app-config';
import { probeInstance } from './instance-probe';
import { readRegistry, type InstanceEntry } from './instances-registry';

/** Numeric semver comparison (pre-release tags ignored): enough to tell which installation is behind. */
export function olderThan(version: string, than: string): boolean {
  const parts = (v: string) => v.split('-')[0].split('.').map(Number);
  const [a, b] = [parts(version), parts(than)];
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
}

/** System → Instances: each registered installation's version and health, read live. */
@Injectable()
export class InstancesService {
  constructor(private readonly config: AppConfig) {}

  async overview(): Promise<InstancesOverview> {
    let entries: InstanceEntry[];
    try {
      entries = readRegistry(this.config.env.INSTANCES_FILE);
    } catch (err) {
      throw new AppError('BAD_REQUEST', err instanceof Error ? err.message : String(err));
    }
    const current = this.config.version;
    const items = await Promise.all(entries.map((e) => this.probe(e, current)));
    return { current, items };
  }

  private async probe(e: InstanceEntry, current: string): Promise<InstanceView> {
    const r = await probeInstance(e.url, e.insecure_tls ?? false);
    const expected = e.expected_version ?? null;
    return {
      id: e.id,
      name: e.name,
      url: e.url,
      environment: e.environment,
      expectedVersion: expected,
      version: r.version,
      status: r.status,
      latencyMs: r.latencyMs,
      error: r.error,
      behind: !!r.version && olderThan(r.version, expected ?? current),
      checkedAt: new Date().toISOString(),
    };
  }
}
