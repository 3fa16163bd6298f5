import { AppError } from '../../common/errors/app-error';

// Proxmox failures are mapped for every module in common/errors/error-mapper.ts (fromProxmox).

export const vmLocked = (lock: string) =>
  new AppError(
    'VM_LOCKED',
    `The VM is locked (${lock}); wait for the running operation to finish`,
    { lock },
  );

export const nodeOffline = (node: string) =>
  new AppError('NODE_OFFLINE', `Node ${node} is offline`, { node });
