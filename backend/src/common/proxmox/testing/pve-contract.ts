import { checkPveRequest, schemaAvailable } from '@multpanel/simulator';
import type { ProxmoxRequestInfo } from '../proxmox.client';

/** Whether the PVE schema shipped in simulator/schema is readable (false only in a broken checkout). */
export const pveSchemaPresent = schemaAvailable();

/**
 * `onRequest` hook that checks every request against the official PVE schema (method + path
 * documented, parameters declared and valid, required ones present). A violation throws, so the
 * call fails before anything is sent, and is also collected for an end-of-test assertion.
 */
export function pveContractChecker() {
  const violations: string[] = [];
  const seen = new Set<string>();
  const onRequest = (req: ProxmoxRequestInfo): void => {
    seen.add(`${req.method} ${req.path.replace(/\/(UPID[^/]+|\d{3,})(?=\/|$)/g, '/…')}`);
    const problems = checkPveRequest(req.method, req.path, req.params);
    if (problems.length) {
      const msg = `${req.method} ${req.path}: ${problems.join('; ')}`;
      violations.push(msg);
      throw new Error(`PVE contract violation: ${msg}`);
    }
  };
  return { onRequest, violations, seen };
}
