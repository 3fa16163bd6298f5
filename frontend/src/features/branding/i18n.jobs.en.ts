// Job labels of branding (the phone entry loads these too: jobs show in its list).
export const en = {
  jobs: { types: { certificates_host: 'Order host certificate' } },
};
