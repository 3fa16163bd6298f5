import { lazy, Suspense } from 'react';
import { useNotifications } from '@/lib/notifications-store';

const Toast = lazy(() => import('./toast').then((m) => ({ default: m.Toast })));

/** Shows the oldest pending notification; the next one follows when it closes. One per shell. */
export function Toaster() {
  const current = useNotifications()[0];
  if (!current) return null;
  return (
    <Suspense fallback={null}>
      <Toast current={current} />
    </Suspense>
  );
}
