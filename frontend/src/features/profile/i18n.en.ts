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
    device: {
      title: 'Sign in a command-line client',
      subtitle:
        'Confirm the code `multpanel login --device` printed in your terminal. Only continue if you started that sign-in yourself.',
      code: 'Code',
      codeHint: 'Eight letters, e.g. BCDF-GHJK',
      codeInvalid: 'That is not a sign-in code: eight letters, e.g. BCDF-GHJK',
      continue: 'Continue',
      client: 'Client',
      unnamed: 'Unnamed client',
      from: 'From address',
      requested: 'Requested',
      expires: 'Expires',
      warning:
        'Approving gives this client an API key that acts as {{email}} with all your permissions. You can revoke it under My profile → API keys.',
      approve: 'Approve',
      deny: 'Deny',
      approved: 'Approved. Return to your terminal: the client is signed in.',
      denied: 'Denied. The client was not signed in.',
    },
    totp: {
      required:
        'Two-factor authentication is required for your account, so it cannot be turned off. Single sign-on logins are exempt: your identity provider handles the second factor there.',
    },
  },
};
