export const profileKeys = {
  me: ['auth', 'me'] as const,
  sessions: ['profile', 'sessions'] as const,
  apiKeys: ['profile', 'api-keys'] as const,
};
