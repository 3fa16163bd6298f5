import { useSearchParams } from 'react-router-dom';
import { useSession } from '@/lib/session-store';

/**
 * Whose own clusters a page shows: the signed-in company user's company, or for the staff the
 * company picked in the URL (`?companyId=`).
 */
export function useOwnedCompanyId(): {
  companyId: string | null;
  pickable: boolean;
  pick: (id: string | null) => void;
} {
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const own = session.status === 'authenticated' ? session.user.companyId : null;
  return {
    companyId: own ?? params.get('companyId'),
    pickable: !own,
    pick: (id) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          if (id) next.set('companyId', id);
          else next.delete('companyId');
          return next;
        },
        { replace: true },
      ),
  };
}
