/** Jobs this tab started: their end is worth a toast even when the push has no actor id. */
const watched = new Set<string>();

export const watchJob = (id: string): void => void watched.add(id);
export const isWatched = (id: string): boolean => watched.has(id);
export const unwatchJob = (id: string): void => void watched.delete(id);
/** Forgets every watched job (the tests' shared setup, between tests). */
export const resetWatchedJobs = (): void => watched.clear();
