// Branding labels (merged over the shared English resources).
export const en = {
  branding: {
    nav: 'Branding',
    title: 'Branding',
    platformTitle: 'Platform branding',
    subtitle: 'Name, logo, colours and contact details your users see. Empty fields use the MSP’s.',
    saved: 'Saved. The new branding shows at once.',
    fields: {
      productName: 'Product name',
      primaryColor: 'Primary colour',
      secondaryColor: 'Secondary colour',
      supportEmail: 'Support e-mail',
      supportPhone: 'Support phone',
      footerText: 'Footer text',
      mailFromName: 'Mail sender name',
      mailFromAddress: 'Mail sender address',
    },
    validation: { colour: 'Use a colour like #1f4f8f.' },
    assets: {
      'logo-light': 'Logo (light background)',
      'logo-dark': 'Logo (dark background)',
      favicon: 'Favicon',
      none: 'None',
      upload: 'Upload',
      help: 'PNG, JPEG, WebP or GIF; at most 512 KB and 2048 × 2048 pixels.',
    },
    hosts: {
      label: 'Host names',
      help: 'One per line, e.g. portal.acme.example. Sign-in there shows this branding and admits only this company’s users.',
      https:
        'Each host name gets its own HTTPS certificate over ACME (from the ACME server of the platform certificate, System → Certificates): ordered when the host is added, renewed 30 days before it ends and removed with the host. Point the name’s DNS at this server first.',
      save: 'Save host names',
    },
    certificates: {
      title: 'Certificates of the host names',
      help: 'One certificate per host name, naming only that host, served by Nginx for it.',
      none: 'No certificate',
      pending: 'Being ordered…',
      issued: 'Issued until {{until}}',
      failed: 'Failed',
      order: 'Order certificate',
      orderFor: 'Order certificate for {{host}}',
    },
  },
};
