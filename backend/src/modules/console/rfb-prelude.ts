import { PreludeError, type PreludeChannel } from './frame-channel';
import { vncChallengeResponse } from './vnc-auth';

const SEC_INVALID = 0;
const SEC_NONE = 1;
const SEC_VNC_AUTH = 2;

function parseVersion(raw: Buffer): number {
  const m = /^RFB 003\.(\d{3})\n$/.exec(raw.toString('latin1'));
  if (!m) throw new PreludeError('the console did not speak RFB');
  const minor = Number(m[1]);
  return minor >= 8 ? 8 : minor === 7 ? 7 : 3;
}

async function readReason(channel: PreludeChannel): Promise<string> {
  const len = (await channel.read(4)).readUInt32BE(0);
  return (await channel.read(Math.min(len, 4096))).toString('utf8');
}

/**
 * Client half, towards Proxmox: version exchange and VNC authentication with the password that
 * only the relay holds. Stops right before ClientInit, which the browser sends itself.
 */
export async function authenticateUpstream(
  upstream: PreludeChannel,
  password: string,
): Promise<void> {
  const minor = parseVersion(await upstream.read(12));
  upstream.send(Buffer.from(`RFB 003.00${minor}\n`, 'latin1'));
  let type: number;
  if (minor === 3) {
    type = (await upstream.read(4)).readUInt32BE(0);
    if (type === SEC_INVALID)
      throw new PreludeError(`VNC server refused: ${await readReason(upstream)}`);
  } else {
    const [count] = await upstream.read(1);
    if (count === 0) throw new PreludeError(`VNC server refused: ${await readReason(upstream)}`);
    const offered = [...(await upstream.read(count))];
    type = offered.includes(SEC_VNC_AUTH)
      ? SEC_VNC_AUTH
      : offered.includes(SEC_NONE)
        ? SEC_NONE
        : -1;
    if (type < 0) throw new PreludeError(`no supported VNC security type (${offered.join(',')})`);
    upstream.send(Buffer.from([type]));
  }
  if (type === SEC_VNC_AUTH) {
    upstream.send(vncChallengeResponse(password, await upstream.read(16)));
  } else if (type !== SEC_NONE) {
    throw new PreludeError(`unsupported VNC security type ${type}`);
  }
  // RFB 3.8 always sends a SecurityResult; older versions only after VNC authentication.
  if (minor === 8 || type === SEC_VNC_AUTH) {
    const result = (await upstream.read(4)).readUInt32BE(0);
    if (result !== 0) {
      const reason = minor === 8 ? await readReason(upstream) : '';
      throw new PreludeError(`VNC authentication failed${reason ? `: ${reason}` : ''}`);
    }
  }
}

/**
 * Server half, towards the browser: offers only security type None, because the relay already
 * authenticated upstream. The browser therefore never holds a secret Proxmox would accept.
 */
export async function offerNoAuth(browser: PreludeChannel): Promise<void> {
  browser.send(Buffer.from('RFB 003.008\n', 'latin1'));
  const minor = parseVersion(await browser.read(12));
  if (minor === 3) {
    const type = Buffer.alloc(4);
    type.writeUInt32BE(SEC_NONE);
    browser.send(type);
    return;
  }
  browser.send(Buffer.from([1, SEC_NONE]));
  const [choice] = await browser.read(1);
  if (choice !== SEC_NONE) throw new PreludeError('the viewer chose an unsupported security type');
  if (minor === 8) browser.send(Buffer.alloc(4)); // SecurityResult OK
}
