/** POST /api/auth/device/code (hand-written: contracts' DeviceCodeResponse). */
export interface DeviceCode {
  deviceCode: string;
  userCode: string;
  verificationUri: string;
  verificationUriComplete: string;
  expiresIn: number;
  interval: number;
}

/** The approved answer of POST /api/auth/device/token: an API key, shown once. */
export interface DeviceApproval {
  status: 'approved';
  apiKey: string;
  apiKeyId: string;
  user: { email: string; role: string };
}

export class DeviceLoginError extends Error {
  constructor(message: string, status: number);
  /** The HTTP status that ended the login; 0 when the code expired unanswered. */
  status: number;
}

/**
 * Requests a code, hands it to `onCode` (print it), polls at the platform's pace until the person
 * approves it at `verificationUri`; rejects with a DeviceLoginError when denied (403) or expired.
 */
export function deviceLogin(options: {
  baseUrl: string;
  clientName?: string;
  onCode: (code: DeviceCode) => void;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}): Promise<DeviceApproval>;
