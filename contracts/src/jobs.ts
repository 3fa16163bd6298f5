// Job names and payloads shared by the API (producer) and the worker (processors).

export const QUEUES = { system: 'system', clusters: 'clusters' } as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface JobActor {
  userId: string | null;
  // "system" for scheduled work with no human behind it.
  type: 'user' | 'api_key' | 'system';
}

interface BasePayload {
  companyId: string | null;
  actor: JobActor;
}

export interface JobPayloads {
  'system.ping': BasePayload & { echo: string };
  // clusters module: companyId is null (platform infrastructure), actor is the system scheduler.
  'cluster.schedule': BasePayload;
  'cluster.health-check': BasePayload & { clusterId: string };
  'cluster.inventory-sync': BasePayload & { clusterId: string };
  // ssh-keys module: scheduled key-login check of every node (platform infrastructure).
  'ssh.key-health': BasePayload;
  // certificates module: one ACME order, and the daily check for certificates due for renewal.
  'certificates.issue': BasePayload & { certificateId: string };
  'certificates.renew-due': BasePayload;
}
export type JobName = keyof JobPayloads;

export const JOB_QUEUE: Readonly<Record<JobName, QueueName>> = {
  'system.ping': QUEUES.system,
  'cluster.schedule': QUEUES.clusters,
  'cluster.health-check': QUEUES.clusters,
  'cluster.inventory-sync': QUEUES.clusters,
  'ssh.key-health': QUEUES.clusters,
  'certificates.issue': QUEUES.system,
  'certificates.renew-due': QUEUES.system,
};
export const JOB_NAMES = Object.keys(JOB_QUEUE) as JobName[];
