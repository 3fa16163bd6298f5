import { cronProblem, nextRuns } from './backup-cron';

describe('backup cron', () => {
  it('refuses bad expressions and time zones with a reason', () => {
    expect(cronProblem('0 2 * * *', 'UTC')).toBeNull();
    expect(cronProblem('0 2 * *', 'UTC')).toMatch(/five fields/);
    expect(cronProblem('61 2 * * *', 'UTC')).toMatch(/Invalid cron/);
    expect(cronProblem('0 2 * * *', 'Mars/Olympus')).toMatch(/time zone/);
  });

  it('computes the next runs in the schedule time zone', () => {
    const after = new Date('2026-03-28T12:00:00Z');
    const runs = nextRuns('30 2 * * *', 'Europe/Berlin', after, 3);
    // 29 March 2026 is the switch to summer time in Berlin: 02:30 does not exist that night.
    expect(runs.map((d) => d.toISOString())).toEqual([
      '2026-03-29T01:30:00.000Z',
      '2026-03-30T00:30:00.000Z',
      '2026-03-31T00:30:00.000Z',
    ]);
  });
});
