// Machine-readable error codes in every 4xx/5xx body: { statusCode, code, message, details?, errorId? }.
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  TOTP_INVALID: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  // VMs module: over quota, disk shrink, wrong confirm name, locked guest, node offline.
  QUOTA_EXCEEDED: 409,
  DISK_SHRINK: 400,
  CONFIRM_MISMATCH: 400,
  VM_LOCKED: 409,
  NODE_OFFLINE: 409,
  // IPAM: no free address left (the message names the range), address held/allocated/reserved,
  // address outside the range's window, range overlapping another on the same VLAN/cluster,
  // range still holding addresses.
  IPAM_RANGE_EXHAUSTED: 409,
  IPAM_ADDRESS_TAKEN: 409,
  IPAM_ADDRESS_OUTSIDE_RANGE: 400,
  IPAM_RANGE_OVERLAP: 409,
  IPAM_RANGE_IN_USE: 409,
  // VLAN pools: no free tag left in the cluster's pools (or it has none), pools overlapping.
  IPAM_VLAN_POOL_EXHAUSTED: 409,
  IPAM_VLAN_POOL_OVERLAP: 409,
  // A chosen tag already assigned; a pool with assigned tags; a tag outside the cluster's pools; a
  // guest NIC carrying a tag not assigned to the guest's company on a cluster with pools.
  IPAM_VLAN_TAKEN: 409,
  IPAM_VLAN_POOL_IN_USE: 409,
  IPAM_VLAN_OUTSIDE_POOL: 400,
  IPAM_VLAN_NOT_ALLOWED: 422,
  // ESXi sources (issue 22): the host presents a certificate nobody accepted yet (or another one than
  // the pinned); the host refused the source's user name and password.
  ESXI_CERTIFICATE_UNTRUSTED: 409,
  ESXI_LOGIN_FAILED: 422,
  // Firewalls (issue 21): the firewall's OPNsense release lacks the action (port forwards before 26.1,
  // one-to-one NAT before 24.7, savepoints from 26.7).
  FIREWALL_TOO_OLD: 409,
  // The target cluster's esxi storage does not list the VM (gone, renamed, or another host).
  ESXI_IMPORT_SOURCE_MISSING: 409,
  PAYLOAD_TOO_LARGE: 413,
  // A Content-Encoding or charset the API does not read.
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  // A peer (a Proxmox cluster) failed: unreachable, 5xx, TLS or its credentials refused.
  DEPENDENCY_UNAVAILABLE: 503,
  // The platform's own request budget for a cluster is spent for now (Retry-After is set).
  CLUSTER_BUSY: 503,
  // A peer did not answer in time.
  DEPENDENCY_TIMEOUT: 504,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorBody {
  statusCode: number;
  code: ErrorCode | string;
  message: string;
  details?: unknown;
  errorId?: string;
}
