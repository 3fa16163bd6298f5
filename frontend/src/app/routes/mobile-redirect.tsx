import { useEffect, useState } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router-dom';
import { rememberMobileRedirect, shouldRedirectToMobile } from '@/lib/device';

/**
 * Sends phones that land on the console root to /mobile, once per visit. Decided during the first
 * render (not in an effect) so the console never flashes and no other redirect races it.
 */
export function MobileRedirect() {
  const location = useLocation();
  const [redirect] = useState(() =>
    shouldRedirectToMobile({
      pathname: location.pathname,
      userAgent: navigator.userAgent,
      viewportWidth: window.innerWidth,
      local: window.localStorage,
      session: window.sessionStorage,
    }),
  );
  // Remembered once committed: a render that suspends (lazy shells) is thrown away and rendered again,
  // and remembering during that first render made the retry decide against the redirect.
  useEffect(() => {
    if (redirect) rememberMobileRedirect(window.sessionStorage);
  }, [redirect]);
  // Only the landing location redirects; afterwards "/" is reachable ("Switch to full console").
  const [landingKey] = useState(location.key);

  if (redirect && location.key === landingKey) return <Navigate to="/mobile" replace />;
  return <Outlet />;
}
