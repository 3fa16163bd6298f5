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
        'No certificate is ordered per host name yet. For HTTPS, add these names to the platform’s certificate (System → Certificates: one certificate for all its names, renewed with them), or point them at a proxy that holds a certificate.',
      save: 'Save host names',
    },
  },
};
