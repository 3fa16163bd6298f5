import { AppError } from '../../common/errors/app-error';
import { ProxmoxError } from '../../common/proxmox';

export const vmLocked = (lock: string) =>
  new AppError(
    'VM_LOCKED',
    `The VM is locked (${lock}); wait for the running operation to finish`,
    { lock },
  );

export const nodeOffline = (node: string) =>
  new AppError('NODE_OFFLINE', `Node ${node} is offline`, { node });

/** Proxmox failures seen by the API (synchronous calls) as platform errors. */
export function fromProxmox(err: unknown): never {
  if (err instanceof ProxmoxError) {
    if (err.code === 'PVE_LOCKED') throw new AppError('VM_LOCKED', err.message);
    if (err.code === 'PVE_NODE_OFFLINE') throw new AppError('NODE_OFFLINE', err.message);
    if (err.code === 'PVE_INVALID_PARAMS') throw new AppError('VALIDATION_FAILED', err.message);
    if (err.code === 'PVE_NOT_FOUND') throw new AppError('NOT_FOUND', err.message);
    throw new AppError('DEPENDENCY_UNAVAILABLE', err.message);
  }
  throw err;
}
