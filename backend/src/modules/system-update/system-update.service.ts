import { Injectable } from '@nestjs/common';
import type {
  UpdateChangelog,
  UpdateCheck,
  UpdateInfo,
  UpdateRun,
  UpdateRunDetail,
  UpdateStarted,
} from '@multpanel/contracts';
import { ActivityService } from '../../common/audit/activity.service';
import type { Principal } from '../../common/auth/scope';
import { UpdateEngineClient } from './update-engine.client';

const bare = (v: string) => v.replace(/^v/, '');

/** System → Updates: every answer comes from the update engine; this service adds the audit trail. */
@Injectable()
export class SystemUpdateService {
  constructor(
    private readonly engine: UpdateEngineClient,
    private readonly activity: ActivityService,
  ) {}

  info(): Promise<UpdateInfo> {
    return this.engine.run<UpdateInfo>(['info']);
  }

  check(): Promise<UpdateCheck> {
    return this.engine.run<UpdateCheck>(['check'], 150_000);
  }

  changelog(version: string): Promise<UpdateChangelog> {
    return this.engine.run<UpdateChangelog>(['changelog', '--to', bare(version)]);
  }

  history(): Promise<UpdateRun[]> {
    return this.engine.run<UpdateRun[]>(['history']);
  }

  run(id: string, after: number): Promise<UpdateRunDetail> {
    return this.engine.run<UpdateRunDetail>(['show', id, '--after', String(after)]);
  }

  async execute(version: string, actor: Principal): Promise<UpdateStarted> {
    const started = await this.start(['update', '--to', bare(version)], actor);
    await this.audit('system.update.start', actor, started.runId, { version: bare(version) });
    return started;
  }

  async rollback(actor: Principal): Promise<UpdateStarted> {
    const started = await this.start(['rollback'], actor);
    await this.audit('system.update.rollback', actor, started.runId, {});
    return started;
  }

  /** The engine also names the detached process (`pid`); the API answers the run id only. */
  private async start(args: string[], actor: Principal): Promise<UpdateStarted> {
    const who = JSON.stringify({ type: 'user', userId: actor.userId, email: actor.email });
    const { runId } = await this.engine.run<UpdateStarted>(
      [...args, '--detach', '--actor', who],
      150_000,
    );
    return { runId };
  }

  private audit(action: string, actor: Principal, runId: string, details: Record<string, unknown>) {
    return this.activity.record({
      action,
      actor,
      resourceType: 'update_run',
      resourceId: runId,
      details,
    });
  }
}
