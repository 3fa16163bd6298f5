// The whole SPA's labels; the phone entry (mobile-app.tsx) loads its own set.
import '@/i18n';
import { AppProvider } from './provider';
import { AppRouter } from './router';

export function App() {
  return (
    <AppProvider>
      <AppRouter />
    </AppProvider>
  );
}
