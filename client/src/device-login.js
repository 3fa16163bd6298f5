// @ts-check
// Device-code sign-in (`multpanel login --device`): ask the platform for a code, let the person
// approve it in the browser, poll until the platform hands over an API key. Written by hand next to
// the generated client: the routes are POST /api/auth/device/code and /api/auth/device/token.
import { describeError } from './index.js';

export class DeviceLoginError extends Error {
  /** @param {string} message @param {number} status HTTP status (0: expired without an answer) */
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

/**
 * @param {{
 *   baseUrl: string,
 *   clientName?: string,
 *   onCode: (code: import('./device-login.js').DeviceCode) => void,
 *   fetch?: typeof fetch,
 *   sleep?: (ms: number) => Promise<void>,
 * }} options
 * @returns {Promise<import('./device-login.js').DeviceApproval>}
 */
export async function deviceLogin({ baseUrl, clientName, onCode, fetch: fetchImpl, sleep }) {
  const call = fetchImpl ?? fetch;
  const wait = sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  const base = baseUrl.replace(/\/+$/, '');
  const post = async (/** @type {string} */ route, /** @type {unknown} */ body) => {
    const response = await call(`${base}/api/auth/device/${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const data = await response.json().catch(() => undefined);
    return { response, data };
  };

  const started = await post('code', clientName ? { clientName } : {});
  if (!started.response.ok) {
    throw new DeviceLoginError(
      describeError(started.data, started.response),
      started.response.status,
    );
  }
  const code = /** @type {import('./device-login.js').DeviceCode} */ (started.data);
  onCode(code);
  let interval = code.interval;
  const deadline = Date.now() + code.expiresIn * 1000;
  while (Date.now() < deadline) {
    await wait(interval * 1000);
    const { response, data } = await post('token', { deviceCode: code.deviceCode });
    if (response.status === 429) {
      interval += 5; // RFC 8628 §3.5: slow down by five seconds
      continue;
    }
    if (!response.ok) throw new DeviceLoginError(describeError(data, response), response.status);
    const answer = /** @type {{ status: string }} */ (data);
    if (answer.status === 'approved')
      return /** @type {import('./device-login.js').DeviceApproval} */ (answer);
  }
  throw new DeviceLoginError(`the code ${code.userCode} expired before it was approved`, 0);
}
