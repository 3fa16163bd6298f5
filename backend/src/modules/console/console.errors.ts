import { AppError } from '../../common/errors/app-error';
import { ProxmoxError } from '../../common/proxmox';

export const nodeShellForbidden = () =>
  new AppError('FORBIDDEN', 'Only platform operators may open a node shell');

/** Proxmox refusing or failing the vncproxy/termproxy call, in words a person can act on. */
export function proxmoxConsoleError(err: unknown): unknown {
  if (!(err instanceof ProxmoxError)) return err;
  return new AppError(
    'DEPENDENCY_UNAVAILABLE',
    `Proxmox could not open the console: ${err.message}`,
    {
      proxmoxCode: err.code,
    },
  );
}
