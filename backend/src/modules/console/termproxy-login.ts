import { PreludeError, type PreludeChannel } from './frame-channel';

/**
 * Logs in to a termproxy socket the way Proxmox's xterm.js client does (`<user>:<ticket>\n`, the
 * server answers `OK`). The relay does it so the ticket never leaves the server; the browser then
 * speaks the data/resize/ping framing itself (see termproxyFrame in contracts).
 */
export async function loginTermproxy(
  upstream: PreludeChannel,
  credentials: { user: string; ticket: string },
): Promise<void> {
  upstream.send(Buffer.from(`${credentials.user}:${credentials.ticket}\n`, 'utf8'));
  let ok: Buffer;
  try {
    ok = await upstream.read(2);
  } catch (err) {
    throw new PreludeError(`the terminal login was refused (${(err as Error).message})`);
  }
  if (ok.toString('latin1') !== 'OK') throw new PreludeError('the terminal login was refused');
}
