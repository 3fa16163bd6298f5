import type { EventsPublisher } from '../../common/events/events.publisher';
import type { QueueService } from '../../common/queue/queue.service';
import type { RedisService } from '../../common/redis/redis.service';
import type { VmGrantsRepository } from '../vm-grants/vm-grants.repository';
import type { JobsRepository } from './jobs.repository';
import { JobsService, type NewJob } from './jobs.service';

describe('JobsService.create', () => {
  const repo = { create: jest.fn(async (data: unknown) => ({ id: 'j1', ...(data as object) })) };
  const jobs = new JobsService(
    repo as unknown as JobsRepository,
    {} as QueueService,
    {} as VmGrantsRepository,
    {} as EventsPublisher,
    {} as RedisService,
  );

  it('stores a tracked job of the catalog with its params', async () => {
    await jobs.create({
      type: 'vm.power',
      companyId: 'c1',
      actorId: 'u1',
      params: { action: 'start' },
    });
    expect(repo.create).toHaveBeenCalledWith(
      expect.objectContaining({ type: 'vm.power', params: { action: 'start' } }),
      undefined,
    );
  });

  it('refuses platform work filed under a company, and names that are not tracked jobs', () => {
    expect(() =>
      jobs.create({
        type: 'templates.scan',
        companyId: 'c1',
        actorId: null,
        params: { clusterId: null },
      }),
    ).toThrow(/platform work/);
    expect(() =>
      jobs.create({
        type: 'system.ping',
        companyId: null,
        actorId: null,
        params: {},
      } as unknown as NewJob),
    ).toThrow(/Not a tracked job type: system\.ping/);
  });
});
