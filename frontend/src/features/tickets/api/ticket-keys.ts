export const ticketKeys = {
  all: ['tickets'] as const,
  list: (params: object) => ['tickets', 'list', params] as const,
  detail: (id: string) => ['tickets', 'detail', id] as const,
  assignees: ['tickets', 'assignees'] as const,
  breachChannels: ['tickets', 'breach-channels'] as const,
  slaPolicies: ['tickets', 'sla-policy'] as const,
  slaPolicyList: ['tickets', 'sla-policy', 'list'] as const,
  slaPolicy: (companyId: string | null) => ['tickets', 'sla-policy', companyId] as const,
  slaReport: (month: string, companyId: string | null) =>
    ['tickets', 'sla-report', month, companyId] as const,
};
