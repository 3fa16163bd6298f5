// Company labels for required two-factor authentication (merged over the shared English resources).
export const en = {
  companies: {
    require2faHelp:
      'Users without 2FA set it up at their next password sign-in. Single sign-on (Entra ID) sign-ins are exempt: the identity provider enforces its own MFA. API keys keep working.',
  },
};
