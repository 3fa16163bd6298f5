// Profile labels for required two-factor authentication (merged over the shared English resources).
export const en = {
  profile: {
    passkeys: {
      title: 'Passkeys',
      subtitle:
        'Sign in with your fingerprint, face or security key instead of a password. Passkeys cannot be phished.',
      empty: 'No passkeys yet.',
      name: 'Passkey name',
      namePlaceholder: 'e.g. Work laptop',
      add: 'Add a passkey',
      rename: 'Rename',
      remove: 'Remove',
      removeNamed: 'Remove passkey {{name}}',
      detail: 'Added {{created}} · last used {{used}}',
    },
    totp: {
      required:
        'Two-factor authentication is required for your account, so it cannot be turned off. Single sign-on logins are exempt: your identity provider handles the second factor there.',
    },
  },
};
