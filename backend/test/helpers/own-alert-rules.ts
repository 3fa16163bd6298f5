import type { INestApplication } from '@nestjs/common';
import { AlertsRepository } from '../../src/modules/alerts/alerts.repository';

/**
 * The alert engine evaluates only these rules: suites share a database per shard and leave
 * platform-wide rules behind, while a test's expected counts (fired 1, notifications 0…) are its own
 * rules'. Restored with the other spies (jest.restoreAllMocks) or when the app closes.
 */
export function evaluateOnly(app: INestApplication, ruleIds: string[]): void {
  const repo = app.get(AlertsRepository);
  const all = repo.activeRules.bind(repo);
  jest
    .spyOn(repo, 'activeRules')
    .mockImplementation(async () => (await all()).filter((r) => ruleIds.includes(r.id)));
}
