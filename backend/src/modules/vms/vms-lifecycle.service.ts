import { Injectable, Logger } from '@nestjs/common';
import {
  type BulkVmResult,
  type JobDto,
  type VmJobAccepted,
  type VmMigrateTargets,
  type VmPowerAction,
  type VM_BULK_ACTIONS,
} from '@multpanel/contracts';
import type { Actor } from '../../common/auth/actor';
import { AppError, notFound } from '../../common/errors/app-error';
import { mapError } from '../../common/errors/error-mapper';
import { VmConfigService } from './vms-config.service';
import { VmGuestJobs } from './vms-guest-jobs';
import { migrateTargetsView } from './vms-migrate-targets';
import { nodeOffline, vmLocked } from './vms.errors';

const PRECONDITION_TIMEOUT_MS = 8000;

/**
 * A guest's life on Proxmox: power, snapshots, migration, conversion to a template, deletion, and
 * the same for many guests at once. Each change is a tracked job the worker runs.
 */
@Injectable()
export class VmLifecycleService {
  private readonly logger = new Logger('VmLifecycle');

  constructor(
    private readonly guestJobs: VmGuestJobs,
    private readonly config: VmConfigService,
  ) {}

  async remove(actor: Actor, id: string, confirm: string, purge: boolean): Promise<VmJobAccepted> {
    const g = await this.guestJobs.mutable(actor, id, 'edit');
    const expected = g.name ?? String(g.vmid);
    if (confirm !== expected) {
      throw new AppError('CONFIRM_MISMATCH', `Type the VM name "${expected}" to confirm deletion`);
    }
    return this.guestJobs.start(actor, g, 'vm.delete', { purge }, `Delete ${expected}`);
  }

  async control(
    actor: Actor,
    id: string,
    action: VmPowerAction,
    key?: string,
  ): Promise<VmJobAccepted> {
    const g = await this.guestJobs.active(actor, id, 'power');
    if (g.lock && !(g.lock === 'suspended' && action === 'resume')) throw vmLocked(g.lock);
    if (g.template)
      throw new AppError('VALIDATION_FAILED', 'Templates cannot be started or stopped');
    if (g.kind === 'lxc' && action === 'reset') {
      throw new AppError('VALIDATION_FAILED', 'Containers cannot be reset; use reboot');
    }
    const message = `${action} ${g.name ?? g.vmid}`;
    return this.guestJobs.start(actor, g, 'vm.power', { action }, message, key);
  }

  async createSnapshot(
    actor: Actor,
    id: string,
    s: { name: string; description?: string; includeRam?: boolean },
  ): Promise<VmJobAccepted> {
    const g = await this.guestJobs.mutable(actor, id, 'snapshot');
    if (g.kind === 'lxc' && s.includeRam)
      throw new AppError('VALIDATION_FAILED', 'Containers have no RAM snapshots');
    return this.guestJobs.start(actor, g, 'vm.snapshot.create', s, `Snapshot ${s.name}`);
  }

  async rollbackSnapshot(actor: Actor, id: string, name: string): Promise<VmJobAccepted> {
    const g = await this.guestJobs.mutable(actor, id, 'snapshot');
    return this.guestJobs.start(actor, g, 'vm.snapshot.rollback', { name }, `Roll back to ${name}`);
  }

  async deleteSnapshot(actor: Actor, id: string, name: string): Promise<VmJobAccepted> {
    const g = await this.guestJobs.mutable(actor, id, 'snapshot');
    const message = `Delete snapshot ${name}`;
    return this.guestJobs.start(actor, g, 'vm.snapshot.delete', { name }, message);
  }

  /** Needs vm.migrate (route) and the edit right on the guest. */
  async migrate(
    actor: Actor,
    id: string,
    targetNode: string,
    online?: boolean,
  ): Promise<VmJobAccepted> {
    const g = await this.guestJobs.mutable(actor, id, 'edit');
    if (targetNode === g.node)
      throw new AppError('VALIDATION_FAILED', `The VM is already on ${targetNode}`);
    const api = await this.guestJobs.api(g);
    const target = (await api.nodes()).find((n) => n.node === targetNode);
    if (!target) throw notFound('Node');
    if (target.status !== 'online') throw nodeOffline(targetNode);
    return this.guestJobs.start(
      actor,
      g,
      'vm.migrate',
      { targetNode, online: online ?? g.status === 'running' },
      `Migrate to ${targetNode}`,
    );
  }

  /** Proxmox's migrate precondition for the dialog: every other node, allowed or why not. */
  async migrateTargets(actor: Actor, id: string): Promise<VmMigrateTargets> {
    const g = await this.guestJobs.mutable(actor, id, 'edit');
    const api = await this.guestJobs.api(g);
    const opts = { timeoutMs: PRECONDITION_TIMEOUT_MS, retries: 0 };
    const [pre, nodes] = await Promise.all([
      api.migratePrecondition(g.node, g.kind, g.activeVmid!, opts),
      api.nodes(opts),
    ]);
    return migrateTargetsView(g.kind, g.node, pre, nodes);
  }

  /** Needs vm.template (route) and the edit right on the guest. */
  async convertToTemplate(actor: Actor, id: string): Promise<VmJobAccepted> {
    const g = await this.guestJobs.mutable(actor, id, 'edit');
    if (g.template) throw new AppError('CONFLICT', 'Already a template');
    if (g.status === 'running')
      throw new AppError('CONFLICT', 'Stop the VM before converting it to a template');
    return this.guestJobs.start(actor, g, 'vm.template', {}, 'Convert to template');
  }

  async bulk(
    actor: Actor,
    input: {
      ids: string[];
      action: (typeof VM_BULK_ACTIONS)[number];
      snapshotName?: string;
      tags?: string[];
    },
  ): Promise<BulkVmResult> {
    // Guests are handled 8 at a time; results keep the request's order.
    const ids = [...new Set(input.ids)];
    const results: BulkVmResult['results'] = new Array(ids.length);
    let next = 0;
    const one = async (id: string): Promise<BulkVmResult['results'][number]> => {
      try {
        let job: JobDto | undefined;
        if (input.action === 'snapshot') {
          job = (await this.createSnapshot(actor, id, { name: input.snapshotName! })).job;
        } else if (input.action === 'tag') {
          const g = await this.guestJobs.mutable(actor, id, 'edit');
          const tags = [...new Set([...((g.tags as string[]) ?? []), ...(input.tags ?? [])])];
          await this.config.update(actor, id, { tags });
        } else {
          job = (await this.control(actor, id, input.action)).job;
        }
        return { id, ok: true, ...(job ? { job } : {}) };
      } catch (err) {
        // The same mapping as a single request's answer (a cluster outage is a 503, not a 500).
        const { body, unexpected } = mapError(err);
        if (unexpected) this.logger.error({ err: unexpected, errorId: body.errorId }, 'bulk');
        return { id, ok: false, error: { code: body.code, message: body.message } };
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(8, ids.length) }, async () => {
        while (next < ids.length) {
          const i = next++;
          results[i] = await one(ids[i]);
        }
      }),
    );
    return { results };
  }
}
