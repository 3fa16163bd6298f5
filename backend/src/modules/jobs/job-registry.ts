import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import {
  JOB_NAMES,
  jobSpec,
  type JobName,
  type JobPayloads,
  type PlainJobName,
  type TrackedJobName,
} from '@multpanel/contracts';
import type { Job as BullJob } from 'bullmq';
import type { JobFailure, JobRunContext } from './job-context';
import { ON_JOB, ON_JOB_FAILED, type OnJobMeta, type OnJobOptions } from './job.decorators';

export interface TrackedHandler {
  run(ctx: JobRunContext): Promise<unknown>;
  onFail?(failure: JobFailure): Promise<unknown>;
  options: OnJobOptions;
  /** `Class.method`, for error messages. */
  source: string;
}

export interface PlainHandler {
  run(payload: JobPayloads[PlainJobName], job: BullJob): Promise<unknown>;
  options: OnJobOptions;
  source: string;
}

type AnyFn = (...args: unknown[]) => Promise<unknown>;

/**
 * Every `@OnJob` / `@OnJobFailed` method of every provider in this process, checked against the
 * catalog: an unknown name, two handlers for one job, or a failure hook without its handler stop
 * the worker at start-up.
 */
@Injectable()
export class JobRegistry implements OnModuleInit {
  private readonly trackedHandlers = new Map<TrackedJobName, TrackedHandler>();
  private readonly plainHandlers = new Map<PlainJobName, PlainHandler>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  onModuleInit(): void {
    const failHooks = new Map<TrackedJobName, { fn: AnyFn; source: string }>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object') continue;
      const proto = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(proto)) {
        const fn = instance[method];
        if (typeof fn !== 'function') continue;
        const bound = (fn as AnyFn).bind(instance) as AnyFn;
        const source = `${proto.constructor.name}.${method}`;
        const meta = Reflect.getMetadata(ON_JOB, fn) as OnJobMeta | undefined;
        if (meta) this.add(meta, bound, source);
        const failed = (Reflect.getMetadata(ON_JOB_FAILED, fn) ?? []) as TrackedJobName[];
        for (const name of failed) {
          if (failHooks.has(name)) throw new Error(`Two failure hooks for job ${name}`);
          failHooks.set(name, { fn: bound, source });
        }
      }
    }
    for (const [name, hook] of failHooks) {
      const handler = this.trackedHandlers.get(name);
      if (!handler) throw new Error(`${hook.source}: failure hook for ${name} without its handler`);
      handler.onFail = hook.fn as TrackedHandler['onFail'];
    }
  }

  private add(meta: OnJobMeta, fn: AnyFn, source: string): void {
    const spec = jobSpec(meta.name);
    if (!spec) throw new Error(`${source}: @OnJob('${meta.name}') is not in the job catalog`);
    const existing =
      this.trackedHandlers.get(meta.name as TrackedJobName) ??
      this.plainHandlers.get(meta.name as PlainJobName);
    if (existing)
      throw new Error(`Two handlers for job ${meta.name}: ${existing.source}, ${source}`);
    if (spec.tracked) {
      this.trackedHandlers.set(meta.name as TrackedJobName, {
        run: fn as TrackedHandler['run'],
        options: meta.options,
        source,
      });
    } else {
      this.plainHandlers.set(meta.name as PlainJobName, {
        run: fn as PlainHandler['run'],
        options: meta.options,
        source,
      });
    }
  }

  tracked(name: string): TrackedHandler | undefined {
    return this.trackedHandlers.get(name as TrackedJobName);
  }

  plain(name: string): PlainHandler | undefined {
    return this.plainHandlers.get(name as PlainJobName);
  }

  handler(name: string): TrackedHandler | PlainHandler | undefined {
    return this.tracked(name) ?? this.plain(name);
  }

  has(name: string): boolean {
    return this.handler(name) !== undefined;
  }

  /** Catalog jobs this process has no handler for (the worker refuses to start unless empty). */
  missing(): JobName[] {
    return JOB_NAMES.filter((n) => !this.has(n));
  }
}
