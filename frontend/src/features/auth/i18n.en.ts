// Labels of the required two-factor enrolment step and of single sign-on failures reported to
// /login?error= (merged over the shared English resources).
export const en = {
  auth: {
    passkey: {
      signIn: 'Sign in with a passkey',
      required:
        'Your password is right. Your organisation asks you to finish signing in with your passkey.',
    },
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
    ssoErrors: {
      sso_not_configured: 'Single sign-on is not set up for this email domain.',
      invalid_request: 'Enter a valid email address to sign in with Microsoft.',
      invalid_state: 'The sign-in took too long or was already used. Please try again.',
      provider_error: 'Microsoft did not complete the sign-in. Please try again.',
      token_invalid: 'The answer from Microsoft could not be verified.',
      wrong_tenant:
        'Your account belongs to a different Microsoft Entra directory than the one configured for your company.',
      domain_not_allowed:
        'The account you signed in with uses an email domain that is not allowed.',
      company_suspended: 'Your company is suspended.',
      user_disabled: 'Your account is disabled.',
      user_not_provisioned: 'You have no account here yet. Ask your administrator to invite you.',
      user_other_company: 'This email belongs to an account of another organisation.',
      no_role: 'You are in none of the groups allowed to sign in.',
      internal: 'Something went wrong during single sign-on.',
    },
  },
};
