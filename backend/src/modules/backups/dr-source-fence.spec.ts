import { ProxmoxError } from '../../common/proxmox';
import { sourceSilent } from './dr-source-fence';

describe('sourceSilent (a DR fail over goes on only when the source does not answer)', () => {
  const err = (code: ConstructorParameters<typeof ProxmoxError>[0], status?: number) =>
    new ProxmoxError(code, 'x', { status });

  it('is true for an unreachable or timed-out cluster, an offline node and gateway answers', () => {
    expect(sourceSilent(err('PVE_UNREACHABLE'))).toBe(true);
    expect(sourceSilent(err('PVE_TIMEOUT'))).toBe(true);
    expect(sourceSilent(err('PVE_NODE_OFFLINE', 595))).toBe(true);
    expect(sourceSilent(err('PVE_SERVER', 502))).toBe(true);
  });

  it('is false when the source answers and refuses: the standby must not start then', () => {
    expect(sourceSilent(err('PVE_LOCKED', 500))).toBe(false);
    expect(sourceSilent(err('PVE_SERVER', 500))).toBe(false);
    expect(sourceSilent(err('PVE_FORBIDDEN', 403))).toBe(false);
    expect(sourceSilent(err('PVE_AUTH', 401))).toBe(false);
    expect(sourceSilent(err('PVE_TASK_FAILED'))).toBe(false);
    expect(sourceSilent(new Error('connection refused'))).toBe(false);
  });
});
