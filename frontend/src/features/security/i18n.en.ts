// Labels of the security policy page (merged over the shared English resources).
export const en = {
  security: {
    nav: 'Security',
    title: 'Security policy',
    subtitle: 'Who must sign in with two-factor authentication.',
    ssoNote:
      'Applies to password sign-ins. Single sign-on (Microsoft Entra ID) sign-ins are exempt: the identity provider enforces its own multi-factor authentication.',
    staff: {
      title: 'MSP staff',
      switch: 'Require two-factor authentication for all staff (administrators and salespeople)',
      help: 'Switching it on signs out staff who have no second factor (except you, here); they set it up at their next sign-in and cannot turn it off while this is on.',
    },
    company: {
      title: 'Your company',
      switch: 'Require two-factor authentication for everyone in {{name}}',
      help: 'Switching it on signs out users who have no second factor (except you, here); they set it up at their next sign-in. API keys keep working.',
      phishingResistant: 'Require phishing-resistant sign-in (passkeys)',
      phishingResistantHelp:
        'People who have registered a passkey must sign in with it; their password and authenticator-app codes are no longer enough. People without a passkey yet sign in as before and can add one on their profile.',
    },
    perCompany:
      'For customer companies, use the "Require 2FA" switch on each company\'s edit page.',
    saved: 'Saved.',
  },
};
