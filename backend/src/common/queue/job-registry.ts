import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { JOB_NAMES, type JobName, type JobPayloads } from '@multpanel/contracts';
import type { Job } from 'bullmq';
import { JOB_HANDLER_KEY } from './job-handler.decorator';

export type JobHandlerFn = (payload: JobPayloads[JobName], job: Job) => Promise<unknown>;

// Collects @HandlesJob methods from every provider in the worker; one handler per job name.
@Injectable()
export class JobRegistry implements OnModuleInit {
  private readonly handlers = new Map<JobName, JobHandlerFn>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object') continue;
      const proto = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(proto)) {
        const fn = instance[method];
        if (typeof fn !== 'function') continue;
        const name = this.reflector.get<JobName | undefined>(JOB_HANDLER_KEY, fn);
        if (!name) continue;
        if (this.handlers.has(name)) throw new Error(`Two handlers for job ${name}`);
        this.handlers.set(name, (payload, job) => fn.call(instance, payload, job));
      }
    }
  }

  get(name: string): JobHandlerFn | undefined {
    return this.handlers.get(name as JobName);
  }

  missing(): JobName[] {
    return JOB_NAMES.filter((n) => !this.handlers.has(n));
  }
}
