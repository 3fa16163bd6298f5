export const brandingKeys = {
  all: ['branding'] as const,
  effective: (signedIn: boolean) => ['branding', 'effective', signedIn] as const,
  settings: (companyId: string | null) =>
    ['branding', 'settings', companyId ?? 'platform'] as const,
  certificates: (companyId: string) => ['branding', 'certificates', companyId] as const,
};
