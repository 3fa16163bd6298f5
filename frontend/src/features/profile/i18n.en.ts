// Profile labels for required two-factor authentication (merged over the shared English resources).
export const en = {
  profile: {
    totp: {
      required:
        'Two-factor authentication is required for your account, so it cannot be turned off. Single sign-on logins are exempt: your identity provider handles the second factor there.',
    },
  },
};
