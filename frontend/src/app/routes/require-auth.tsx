import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { LoadingScreen } from '@/components/loading-screen';
import { useSession } from '@/lib/session-store';

/** Signed-out visitors go to /login and come back to where they were heading. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (session.status === 'unknown') return <LoadingScreen fullPage />;
  if (session.status === 'anonymous') {
    const next = `${location.pathname}${location.search}`;
    // After a deliberate logout the next person signing in starts fresh, not on the last page.
    const target =
      next === '/' || session.reason === 'logged_out'
        ? '/login'
        : `/login?next=${encodeURIComponent(next)}`;
    return <Navigate to={target} replace />;
  }
  return children;
}
