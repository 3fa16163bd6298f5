// Labels of the required two-factor enrolment step (merged over the shared English resources).
export const en = {
  auth: {
    enroll: {
      intro:
        'Your organisation requires two-factor authentication. Set it up now to finish signing in.',
      start: 'Set up two-factor authentication',
      scanIntro:
        'Scan this code with your authenticator app (or enter the secret below), then type the code it shows.',
      qrLabel: 'QR code of this account for an authenticator app',
      openApp: 'Open in authenticator app',
      secret: 'Secret (for manual entry)',
      confirm: 'Turn on and sign in',
      recoveryIntro:
        'Two-factor authentication is on. Save these recovery codes somewhere safe: each works once if you lose your phone. They are shown only now.',
      continue: 'I saved them, continue',
      expired: 'This step has expired. Please sign in again.',
      ssoNote:
        'Signing in with Microsoft instead? Your identity provider handles the second factor.',
    },
  },
};
