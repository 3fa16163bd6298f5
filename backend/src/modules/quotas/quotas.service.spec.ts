import { exceededLimit } from './quotas.service';

describe('exceededLimit', () => {
  const usage = { guests: 3, vcpus: 8, memoryMb: 8192, diskGb: 200 };
  const none = { guests: null, vcpus: null, memoryMb: null, diskGb: null };

  it('treats null limits as unlimited', () => {
    expect(
      exceededLimit(none, usage, { guests: 100, vcpus: 100, memoryMb: 1e6, diskGb: 1e6 }),
    ).toBeNull();
  });

  it('allows reaching a limit exactly and names the first limit crossed', () => {
    const limits = { ...none, guests: 4, memoryMb: 10_240 };
    expect(
      exceededLimit(limits, usage, { guests: 1, vcpus: 2, memoryMb: 2048, diskGb: 10 }),
    ).toBeNull();
    expect(
      exceededLimit(limits, usage, { guests: 1, vcpus: 2, memoryMb: 4096, diskGb: 10 }),
    ).toEqual({
      limit: 'memoryMb',
      max: 10_240,
      used: 8192,
      requested: 4096,
    });
  });

  it('never refuses a change that does not grow usage, even above a lowered limit', () => {
    const limits = { ...none, vcpus: 4 };
    expect(
      exceededLimit(limits, usage, { guests: 0, vcpus: 0, memoryMb: 0, diskGb: 5 }),
    ).toBeNull();
  });
});
