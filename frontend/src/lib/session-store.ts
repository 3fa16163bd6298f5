import type { AuthUser, LoginResponse, Permission } from '@multpanel/contracts';
import { useSyncExternalStore } from 'react';

/** The signed-in user as the API describes it (`user` in the login/refresh/me answers). */
export type SessionUser = AuthUser;

/** `status: 'ok'` body of POST /api/auth/login and /api/auth/refresh. */
export type SessionPayload = Extract<LoginResponse, { status: 'ok' }>;

export type SessionState =
  | { status: 'unknown' }
  | { status: 'anonymous'; reason?: 'expired' | 'logged_out' }
  | { status: 'authenticated'; accessToken: string; user: SessionUser; permissions: Permission[] };

/*
 * The access token lives in memory only (never localStorage), so an injected script cannot lift a
 * long-lived credential; the refresh token is an httpOnly cookie the page never sees.
 */
let state: SessionState = { status: 'unknown' };
const listeners = new Set<() => void>();

function emit(next: SessionState): void {
  state = next;
  for (const listener of listeners) listener();
}

export const sessionStore = {
  getState: (): SessionState => state,
  accessToken: (): string | null => (state.status === 'authenticated' ? state.accessToken : null),
  setSession(payload: Pick<SessionPayload, 'accessToken' | 'user' | 'permissions'>): void {
    emit({
      status: 'authenticated',
      accessToken: payload.accessToken,
      user: payload.user,
      permissions: payload.permissions,
    });
  },
  /** Keeps the token, replaces user/permissions (after GET /api/auth/me or a profile edit). */
  updateUser(user: SessionUser, permissions: Permission[]): void {
    if (state.status === 'authenticated') emit({ ...state, user, permissions });
  },
  clear(reason?: 'expired' | 'logged_out'): void {
    emit({ status: 'anonymous', reason });
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  /** Test hook: back to the boot state. */
  reset(): void {
    emit({ status: 'unknown' });
  },
};

export const useSession = (): SessionState =>
  useSyncExternalStore(sessionStore.subscribe, sessionStore.getState, sessionStore.getState);
