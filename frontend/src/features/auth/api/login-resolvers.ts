import type { Resolver } from 'react-hook-form';
import { lazyResolver } from '@/lib/lazy-resolver';
import type { LoginForm, TotpForm } from './schemas';

// The sign-in page loads zod and its schemas only when the form is first submitted.
const zod = () => import('@hookform/resolvers/zod');

export const loginResolver = lazyResolver<LoginForm>(async () => {
  const [{ zodResolver }, { loginSchema }] = await Promise.all([zod(), import('./schemas')]);
  return zodResolver(loginSchema) as Resolver<LoginForm>;
});

export const totpResolver = lazyResolver<TotpForm>(async () => {
  const [{ zodResolver }, { totpSchema }] = await Promise.all([zod(), import('./schemas')]);
  return zodResolver(totpSchema) as Resolver<TotpForm>;
});
