import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { MobileApp } from './app/mobile-app';

// The phone entry (mobile.html), served for /mobile and below: see app/routes/build-phone-routes.tsx.
const container = document.getElementById('root');
if (!container) throw new Error('Missing #root element');

createRoot(container).render(
  <StrictMode>
    <MobileApp />
  </StrictMode>,
);
