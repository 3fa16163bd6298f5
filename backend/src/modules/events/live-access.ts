import type { RevokedAccess } from '../../common/auth/access-revocations';
import { scopeIncludesCompany, type Principal, type Scope } from '../../common/auth/scope';
import type { LiveEvent } from '../../common/events/events.publisher';

/** Whether a socket with this scope receives the event. */
export function isVisible(event: LiveEvent, scope: Scope, userId: string): boolean {
  if (scope.kind === 'all') return true;
  if (event.companyId === null || !scopeIncludesCompany(scope, event.companyId)) return false;
  return scope.kind !== 'vm_grants' || !event.userIds || event.userIds.includes(userId);
}

/**
 * Whether an announced access change concerns this socket. A company change reaches the sockets
 * whose scope names that company (its users, its salespeople), not those that see every company.
 */
export function isRevoked(target: RevokedAccess, principal: Principal, scope: Scope): boolean {
  if ('userId' in target) return target.userId === principal.userId;
  if ('sessionFamilyId' in target) return target.sessionFamilyId === principal.sessionFamilyId;
  if ('apiKeyId' in target) return target.apiKeyId === principal.apiKeyId;
  return scope.kind !== 'all' && scope.companyIds.includes(target.companyId);
}
