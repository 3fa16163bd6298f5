export const ticketKeys = {
  all: ['tickets'] as const,
  list: (params: object) => ['tickets', 'list', params] as const,
  detail: (id: string) => ['tickets', 'detail', id] as const,
  assignees: ['tickets', 'assignees'] as const,
};
