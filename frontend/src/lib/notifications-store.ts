import { useSyncExternalStore } from 'react';

/** A toast: what happened, how bad, and where to look. */
export interface Notification {
  id: number;
  severity: 'success' | 'error' | 'info' | 'warning';
  message: string;
  /** In-app path for the "Open" action (e.g. the guest a job created). */
  link?: string;
}

/*
 * The one client-side store the SPA keeps (server state lives in TanStack Query): a queue of toasts.
 * Kept short so a burst of finished bulk jobs cannot pile up hundreds of snackbars.
 */
const MAX_QUEUE = 5;
let queue: Notification[] = [];
let nextId = 1;
const listeners = new Set<() => void>();

const emit = (next: Notification[]) => {
  queue = next;
  for (const listener of listeners) listener();
};

export const notificationStore = {
  getState: (): Notification[] => queue,
  push(n: Omit<Notification, 'id'>): number {
    const id = nextId++;
    emit([...queue, { ...n, id }].slice(-MAX_QUEUE));
    return id;
  },
  dismiss(id: number): void {
    emit(queue.filter((n) => n.id !== id));
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  reset(): void {
    emit([]);
  },
};

export const useNotifications = (): Notification[] =>
  useSyncExternalStore(
    notificationStore.subscribe,
    notificationStore.getState,
    notificationStore.getState,
  );
