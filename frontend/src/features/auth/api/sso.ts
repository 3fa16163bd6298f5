import { apiUrl } from '@/lib/api-client';

/** Full-page navigation: the API redirects to the company's identity provider for this email. */
export const ssoLoginUrl = (email: string): string => apiUrl('/auth/sso/login', { email });

/** On a company's mapped host: no email, the API goes straight to that company's provider. */
export const portalSsoLoginUrl = (): string => apiUrl('/auth/sso/login');
