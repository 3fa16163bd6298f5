import 'reflect-metadata';
import { Injectable, type Type } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { JOB_NAMES, type JobPayloads, type JobName } from '@multpanel/contracts';
import type { JobFailure, JobRunContext } from './job-context';
import { JobRegistry } from './job-registry';
import { OnJob, OnJobFailed } from './job.decorators';

@Injectable()
class PingProcessor {
  @OnJob('system.ping')
  async ping(payload: JobPayloads['system.ping']) {
    return { echo: payload.echo };
  }
}

@Injectable()
class PowerProcessor {
  readonly failures: string[] = [];

  @OnJob('vm.power')
  async power(ctx: JobRunContext<'vm.power'>) {
    return { action: ctx.params.action };
  }

  @OnJobFailed('vm.power')
  async powerFailed(f: JobFailure<'vm.power'>) {
    this.failures.push(f.error);
  }
}

@Injectable()
class MigrateProcessor {
  @OnJob('vm.migrate')
  async migrate() {
    return null;
  }

  @OnJobFailed('vm.power', 'vm.migrate')
  async resync(f: JobFailure<'vm.power' | 'vm.migrate'>) {
    return f.job.id;
  }
}

@Injectable()
class SecondPingProcessor {
  @OnJob('system.ping')
  async ping() {
    return null;
  }
}

@Injectable()
class OrphanHookProcessor {
  @OnJobFailed('vm.create')
  async createFailed() {
    return null;
  }
}

async function registryWith(...providers: Type[]): Promise<JobRegistry> {
  const mod = await Test.createTestingModule({
    imports: [DiscoveryModule],
    providers: [JobRegistry, ...providers],
  }).compile();
  await mod.init();
  return mod.get(JobRegistry);
}

describe('JobRegistry', () => {
  it('finds plain and tracked handlers by discovery and pairs the failure hook', async () => {
    const registry = await registryWith(PingProcessor, PowerProcessor);
    await expect(
      registry.plain('system.ping')!.run({ echo: 'hi' } as JobPayloads['system.ping'], {} as never),
    ).resolves.toEqual({ echo: 'hi' });
    const power = registry.tracked('vm.power')!;
    expect(power.source).toBe('PowerProcessor.power');
    await expect(power.run({ params: { action: 'stop' } } as JobRunContext)).resolves.toEqual({
      action: 'stop',
    });
    await power.onFail!({ error: 'boom' } as JobFailure);
    expect(registry.tracked('system.ping')).toBeUndefined();
    expect(registry.plain('vm.power')).toBeUndefined();
  });

  it('lets one failure hook serve several jobs, but a job has only one hook', async () => {
    @Injectable()
    class PowerHandlerOnly {
      @OnJob('vm.power')
      async power() {
        return null;
      }
    }
    const registry = await registryWith(PowerHandlerOnly, MigrateProcessor);
    const failure = { job: { id: 'j9' } } as JobFailure;
    await expect(registry.tracked('vm.power')!.onFail!(failure)).resolves.toBe('j9');
    await expect(registry.tracked('vm.migrate')!.onFail!(failure)).resolves.toBe('j9');
    await expect(registryWith(PowerProcessor, MigrateProcessor)).rejects.toThrow(
      /Two failure hooks for job vm\.power/,
    );
  });

  it('lists every catalog job without a handler', async () => {
    const registry = await registryWith(PingProcessor);
    expect(registry.missing()).toEqual(JOB_NAMES.filter((n) => n !== 'system.ping'));
  });

  it('refuses two handlers for one job', async () => {
    await expect(registryWith(PingProcessor, SecondPingProcessor)).rejects.toThrow(
      /Two handlers for job system\.ping: PingProcessor\.ping, SecondPingProcessor\.ping/,
    );
  });

  it('refuses a failure hook whose job has no handler', async () => {
    await expect(registryWith(OrphanHookProcessor)).rejects.toThrow(
      /failure hook for vm\.create without its handler/,
    );
  });

  it('refuses a name the catalog does not know (a stale name that slipped past the types)', async () => {
    @Injectable()
    class StaleProcessor {
      @OnJob('vm.power' as JobName)
      async power() {
        return null;
      }
    }
    Reflect.defineMetadata(
      'mp:on-job',
      { name: 'vm.explode', options: {} },
      StaleProcessor.prototype.power,
    );
    await expect(registryWith(StaleProcessor)).rejects.toThrow(
      /vm\.explode.*not in the job catalog/,
    );
  });
});
