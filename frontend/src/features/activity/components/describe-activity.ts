import type { ActivityView } from '@multpanel/contracts';
import type { TFunction } from 'i18next';

/** i18n key of an entry's action ("vm.power" + details.action "start" → "vm_power_start"). */
export function activityActionKey(entry: Pick<ActivityView, 'action' | 'details'>): string {
  const details = (entry.details ?? {}) as { action?: unknown };
  const base = entry.action.replace(/[.-]/g, '_');
  return entry.action === 'vm.power' && typeof details.action === 'string'
    ? `${base}_${details.action}`
    : base;
}

/** The action in words with the resource's name: "Started VM ci04", "Signed in". */
export function describeActivity(
  t: TFunction,
  entry: Pick<ActivityView, 'action' | 'details' | 'resourceName' | 'resourceId'>,
): string {
  const name = entry.resourceName ?? entry.resourceId ?? '';
  return t(`activity.actions.${activityActionKey(entry)}`, {
    name,
    defaultValue: [entry.action, name].filter(Boolean).join(' '),
  });
}

/** Where the resource of an entry lives in the console, when it has a page. */
export function activityResourceHref(
  entry: Pick<ActivityView, 'resourceType' | 'resourceId' | 'resourceName'>,
): string | null {
  if (!entry.resourceId || entry.resourceName === null) return null;
  const id = encodeURIComponent(entry.resourceId);
  switch (entry.resourceType) {
    case 'vm':
    case 'guest':
      return `/vms/${id}`;
    case 'cluster':
      return `/clusters/${id}`;
    case 'company':
      return `/companies/${id}/edit`;
    case 'user':
      return `/users/${id}/edit`;
    default:
      return null;
  }
}
