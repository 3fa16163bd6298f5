// Console output for the start/test orchestration: short, coloured when on a terminal.
const tty = process.stdout.isTTY;
const paint = (code, s) => (tty ? `\x1b[${code}m${s}\x1b[0m` : s);

export const log = {
  step: (msg) => console.log(paint('36', '▸ ') + msg),
  ok: (msg) => console.log(paint('32', '✓ ') + msg),
  warn: (msg) => console.log(paint('33', '! ') + msg),
  fail: (msg) => console.error(paint('31', '✗ ') + msg),
  plain: (msg) => console.log(msg),
  bold: (s) => paint('1', s),
};

export class SetupError extends Error {
  /** @param {string} message what went wrong  @param {string} [hint] what the person can do about it */
  constructor(message, hint) {
    super(message);
    this.hint = hint;
  }
}
