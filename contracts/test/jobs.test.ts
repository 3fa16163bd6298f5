import {
  JOB_CATALOG,
  JOB_NAMES,
  jobSpec,
  QUEUES,
  RECURRING_JOB_NAMES,
  TRACKED_JOB_NAMES,
  type JobSpec,
} from '../src';

describe('job catalog', () => {
  const specs = Object.entries(JOB_CATALOG) as [string, JobSpec][];

  it('puts every job on a known queue', () => {
    const queues = new Set<string>(Object.values(QUEUES));
    for (const [, spec] of specs) expect(queues.has(spec.queue)).toBe(true);
  });

  it('schedules only platform work that carries no payload of its own', () => {
    expect(RECURRING_JOB_NAMES.length).toBeGreaterThan(0);
    for (const name of RECURRING_JOB_NAMES) {
      const spec: JobSpec = JOB_CATALOG[name];
      expect({ name, tracked: spec.tracked, owner: spec.owner }).toEqual({
        name,
        tracked: false,
        owner: 'platform',
      });
      expect(spec.every).toBeGreaterThanOrEqual(1000);
    }
  });

  it('lists tracked and recurring jobs from the same catalog', () => {
    expect(TRACKED_JOB_NAMES).toEqual(JOB_NAMES.filter((n) => JOB_CATALOG[n].tracked));
    expect(TRACKED_JOB_NAMES).toEqual(
      expect.arrayContaining(['vm.create', 'templates.scan', 'ssh-keys.rotate']),
    );
    expect(RECURRING_JOB_NAMES).toEqual(
      expect.arrayContaining(['cluster.schedule', 'templates.scan-all', 'ssh.key-health']),
    );
  });

  it('answers undefined for names it does not know, including inherited keys', () => {
    expect(jobSpec('vm.create')).toMatchObject({ queue: 'tasks', tracked: true });
    expect(jobSpec('vm.explode')).toBeUndefined();
    expect(jobSpec('toString')).toBeUndefined();
  });
});
