import { createContext, Suspense, useContext, type ComponentType, type ReactNode } from 'react';
import { useAuthorization } from './authorization';
import type { Job } from './jobs/types';

/**
 * Extension points: places on one feature's screen where other features add their own parts,
 * with the props each part receives. Features never import each other; a feature declares what it
 * contributes in its FeatureModule (`slots`), the app collects them, the host renders `<Slot>`.
 */
export interface SlotProps {
  /** Cards below a customer company's edit form. */
  'company.edit': { companyId: string };
  /** Above the guest list, for the one company whose guests are listed. */
  'guests.list.top': { companyId: string };
  /** Buttons in a guest page's header (e.g. "Open a ticket" about it). */
  'vm.show.actions': { guestId: string };
  /** Buttons in an alert page's header. */
  'alert.show.actions': { alertId: string };
  /** Buttons of a backup run's dialog. */
  'backup.run.actions': { runId: string };
  /** Buttons in a firewall page's header. */
  'firewall.show.actions': { firewallId: string };
  /** Buttons of a company's job's detail dialog (e.g. "Open a ticket" about it). */
  'job.detail.actions': { jobId: string };
  /** Cards of the phone home page. */
  'mobile.home': Record<never, never>;
  /** The guest page's Backups tab (shown to callers with the guest's `backup` right). */
  'vm.backups': { vmId: string; vmName: string | null; onJob: (job: Job) => void };
  /** Cards on the phone's guest page for callers with the guest's `backup` right. */
  'mobile.vm': { vmId: string; vmName: string | null };
  /** Buttons on the phone's guest page for anyone who sees it (e.g. "Open a ticket" about it). */
  'mobile.vm.actions': { vmId: string; vmName: string | null };
}
export type SlotName = keyof SlotProps;

export interface SlotEntry<N extends SlotName> {
  /** Prefer `React.lazy`, so a contribution loads with the screen that shows it. */
  component: ComponentType<SlotProps[N]>;
  /** Hidden unless the signed-in user holds this permission. */
  permission?: string;
  /** Lower comes first. */
  order?: number;
}
export type SlotContributions = { [N in SlotName]?: SlotEntry<N>[] };

export const NO_SLOTS: SlotContributions = {};
const SlotsContext = createContext<SlotContributions>(NO_SLOTS);

/** Every contribution of these features, per slot, in order. */
export function collectSlots(features: ReadonlyArray<{ slots?: SlotContributions }>) {
  const out: Record<string, SlotEntry<SlotName>[]> = {};
  for (const feature of features) {
    for (const [name, entries] of Object.entries(feature.slots ?? {})) {
      out[name] = [...(out[name] ?? []), ...(entries as SlotEntry<SlotName>[])];
    }
  }
  for (const entries of Object.values(out)) entries.sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
  return out as SlotContributions;
}

export function SlotsProvider({
  slots,
  children,
}: {
  slots: SlotContributions;
  children: ReactNode;
}) {
  return <SlotsContext.Provider value={slots}>{children}</SlotsContext.Provider>;
}

/** Renders what other features contribute to `name` (nothing when none does). */
export function Slot<N extends SlotName>(props: { name: N } & SlotProps[N]) {
  const { name, ...rest } = props;
  const authz = useAuthorization();
  const entries = (useContext(SlotsContext)[name] ?? []) as SlotEntry<N>[];
  const visible = entries.filter((e) => !e.permission || authz.has(e.permission));
  if (visible.length === 0) return null;
  return (
    <Suspense fallback={null}>
      {visible.map(({ component: Part }, index) => (
        <Part key={index} {...(rest as unknown as SlotProps[N] & object)} />
      ))}
    </Suspense>
  );
}
