export const dashboardKeys = {
  all: ['dashboard'] as const,
  fleet: () => [...dashboardKeys.all, 'fleet'] as const,
  company: (id: string) => [...dashboardKeys.all, 'company', id] as const,
};
