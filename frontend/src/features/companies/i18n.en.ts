// Company labels for required two-factor authentication (merged over the shared English resources).
export const en = {
  companies: {
    require2faHelp:
      'Switching it on signs out users without 2FA (except you, here); they set it up at their next password sign-in. Single sign-on (Entra ID) sign-ins are exempt: the identity provider enforces its own MFA. API keys keep working.',
  },
};
