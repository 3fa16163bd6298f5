import { Injectable } from '@nestjs/common';
import type { JobPayloads } from '@multpanel/contracts';
import type { JobFailure, JobRunContext } from '../jobs/job-context';
import { OnJob, OnJobFailed } from '../jobs/job.decorators';
import { VmsDemoService } from './vms-demo.service';
import { VmsTasksService } from './vms-tasks.service';

/** Worker only: routes every VM job (and its failure hook) to VmsTasksService. */
@Injectable()
export class VmsProcessor {
  constructor(
    private readonly tasks: VmsTasksService,
    private readonly demo: VmsDemoService,
  ) {}

  @OnJob('vm.create')
  create(ctx: JobRunContext<'vm.create'>) {
    return this.tasks.create(ctx);
  }

  @OnJobFailed('vm.create')
  createFailed(f: JobFailure<'vm.create'>) {
    return this.tasks.createFailed(f);
  }

  @OnJob('vm.remove-leftover')
  removeLeftover(payload: JobPayloads['vm.remove-leftover']) {
    return this.tasks.removeLeftover(payload);
  }

  @OnJob('vm.power')
  power(ctx: JobRunContext<'vm.power'>) {
    return this.tasks.power(ctx);
  }

  @OnJob('vm.delete')
  remove(ctx: JobRunContext<'vm.delete'>) {
    return this.tasks.remove(ctx);
  }

  @OnJob('vm.resize')
  resize(ctx: JobRunContext<'vm.resize'>) {
    return this.tasks.resize(ctx);
  }

  @OnJobFailed('vm.resize')
  resizeFailed(f: JobFailure<'vm.resize'>) {
    return this.tasks.resizeFailed(f);
  }

  @OnJob('vm.snapshot.create')
  snapshotCreate(ctx: JobRunContext<'vm.snapshot.create'>) {
    return this.tasks.snapshot(ctx, 'create');
  }

  @OnJob('vm.snapshot.rollback')
  snapshotRollback(ctx: JobRunContext<'vm.snapshot.rollback'>) {
    return this.tasks.snapshot(ctx, 'rollback');
  }

  @OnJob('vm.snapshot.delete')
  snapshotDelete(ctx: JobRunContext<'vm.snapshot.delete'>) {
    return this.tasks.snapshot(ctx, 'delete');
  }

  @OnJob('vm.migrate')
  migrate(ctx: JobRunContext<'vm.migrate'>) {
    return this.tasks.migrate(ctx);
  }

  @OnJob('vm.template')
  template(ctx: JobRunContext<'vm.template'>) {
    return this.tasks.template(ctx);
  }

  /** After a failed state change: the guest's status and lock as Proxmox has them now. */
  @OnJobFailed('vm.power', 'vm.delete', 'vm.snapshot.rollback', 'vm.migrate')
  resync(f: JobFailure<'vm.power' | 'vm.delete' | 'vm.snapshot.rollback' | 'vm.migrate'>) {
    return this.tasks.resync(f);
  }

  @OnJob('demo.assign-estate', { scheduleWhen: (config) => config.env.DEMO_MODE })
  assignDemoEstate() {
    return this.demo.assign();
  }
}
