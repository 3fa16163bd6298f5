import { describe, expect, it } from 'vitest';
import { healthHistoryAxis } from './health-history-chart';

describe('cluster health chart axis', () => {
  it('spans the last 24 hours whatever the checks cover', () => {
    const now = Date.parse('2026-12-07T12:00:00Z');
    expect(healthHistoryAxis(now)).toEqual({
      min: new Date('2026-12-06T12:00:00Z'),
      max: new Date('2026-12-07T12:00:00Z'),
    });
  });
});
