import type { ActivityService } from '../../common/audit/activity.service';
import type { Principal } from '../../common/auth/scope';
import { SystemUpdateService } from './system-update.service';
import type { UpdateEngineClient } from './update-engine.client';

describe('SystemUpdateService', () => {
  const actor = { userId: 'u1', email: 'root@msp.test' } as Principal;

  it('answers the run id of a started update, not the detached engine process', async () => {
    const run = jest.fn().mockResolvedValue({ runId: 'r1', pid: 4242 });
    const record = jest.fn().mockResolvedValue(undefined);
    const updates = new SystemUpdateService(
      { run } as unknown as UpdateEngineClient,
      { record } as unknown as ActivityService,
    );

    await expect(updates.execute('v1.2.3', actor)).resolves.toEqual({ runId: 'r1' });
    expect(run).toHaveBeenCalledWith(
      ['update', '--to', '1.2.3', '--detach', '--actor', expect.any(String)],
      150_000,
    );
    expect(record).toHaveBeenCalledWith(
      expect.objectContaining({ action: 'system.update.start', resourceId: 'r1' }),
    );
    await expect(updates.rollback(actor)).resolves.toEqual({ runId: 'r1' });
  });
});
