import { TermproxyClient } from '../src/console';
import { tokenize } from '../src/console/sim-shell';
import { openWebSocket } from '../src/console/ws-client';
import { startConsoleHarness, USER, type ConsoleHarness } from './console-harness';

const CT = { node: 'pve2', vmid: 105, kind: 'lxc' as const, name: 'db01', status: 'running' };
const NODE = { node: 'pve2', kind: 'node' as const, name: 'pve2', status: 'online' };
const PROMPT = 'root@db01:~# ';

describe('termproxy over vncwebsocket', () => {
  let h: ConsoleHarness;

  beforeEach(async () => {
    h = await startConsoleHarness({ qemuBinary: false });
    h.guests.set('ct', CT);
    h.guests.set('node', NODE);
  });
  afterEach(() => h.close());

  async function login(id = 'ct', guest = CT as typeof CT | typeof NODE): Promise<TermproxyClient> {
    const t = h.service.createTermTicket(guest, USER);
    expect(t.ticket).toMatch(/^PVEVNC:[0-9A-F]{8}::\S+$/);
    return TermproxyClient.connect(h.url(id, t.port, t.ticket), { user: USER, ticket: t.ticket });
  }

  it('logs in, shows a prompt and runs `echo hello`', async () => {
    const c = await login();
    await c.waitFor(PROMPT);
    c.clearOutput();
    c.send('echo hello\r');
    const out = await c.waitFor(`hello\r\n${PROMPT}`);
    // The typed line is echoed back, then the command's output.
    expect(out).toBe(`echo hello\r\nhello\r\n${PROMPT}`);
    await c.close();
  });

  it('accepts resize messages and reports the new size', async () => {
    const c = await login();
    await c.waitFor(PROMPT);
    c.resize(132, 43);
    c.ping();
    c.clearOutput();
    c.send('stty size\r');
    await c.waitFor(`43 132\r\n${PROMPT}`);
    await c.close();
  });

  it('edits the line, answers the documented commands and rejects unknown ones', async () => {
    const c = await login();
    await c.waitFor(PROMPT);
    c.clearOutput();
    c.send('echo helz\x7flo "big  world" $HOSTNAME\r');
    await c.waitFor(`hello big  world db01\r\n${PROMPT}`);
    const expectations: Array<[string, RegExp]> = [
      ['hostname', /^db01$/m],
      ['uname -a', /^Linux db01 \S+-pve .* x86_64 GNU\/Linux$/m],
      ['whoami', /^root$/m],
      ['pwd', /^\/root$/m],
      ['ls', /README\.txt/],
      ['uptime', /up \d+ days, .*load average/],
      ['date', /^\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d UTC \d{4}$/m],
      ['free -m', /^Mem:\s+2048\s+\d+/m],
      ['df -h', /pve-vm--105--disk--0 .* \/$/m],
      ['cat /etc/os-release', /^PRETTY_NAME="Debian GNU\/Linux 13 \(trixie\)"$/m],
      ['help', /Available commands/],
      ['frobnicate --now', /^bash: frobnicate: command not found$/m],
    ];
    for (const [cmd, re] of expectations) {
      c.clearOutput();
      c.send(`${cmd}\r`);
      const out = await c.waitFor(
        (t) => t.endsWith(PROMPT) && t.length > cmd.length + PROMPT.length,
      );
      expect(out.replace(/\r\n/g, '\n')).toMatch(re);
    }
    c.clearOutput();
    c.send('cd /etc\r');
    await c.waitFor('root@db01:/etc# ');
    await c.close();
  });

  it('handles several messages in one frame and multi-byte UTF-8 input', async () => {
    const t = h.service.createTermTicket(CT, USER);
    const c = await TermproxyClient.connect(h.url('ct', t.port, t.ticket), {
      user: USER,
      ticket: t.ticket,
    });
    await c.waitFor(PROMPT);
    c.clearOutput();
    const cmd = 'echo grüße ✓\r';
    c.ws.send(`2${'1:100:30:'}0:${Buffer.byteLength(cmd)}:${cmd}`);
    await c.waitFor(`grüße ✓\r\n${PROMPT}`);
    await c.close();
  });

  it('ends the session on `exit`', async () => {
    const c = await login();
    await c.waitFor(PROMPT);
    c.send('exit\r');
    await c.waitFor('logout');
    await new Promise<void>((resolve) =>
      c.isClosed ? resolve() : c.ws.once('close', () => resolve()),
    );
    expect(c.isClosed).toBe(true);
  });

  it('serves a node shell named after the node', async () => {
    const c = await login('node', NODE);
    await c.waitFor('root@pve2:~# ');
    c.clearOutput();
    c.send('hostname\r');
    await c.waitFor('pve2\r\nroot@pve2:~# ');
    await c.close();
  });

  it('closes without OK when the first line carries the wrong user or ticket', async () => {
    const cases = [(t: string) => `alice@pve:${t}\n`, () => `${USER}:PVEVNC:00000000::nope\n`];
    for (const firstLine of cases) {
      const t = h.service.createTermTicket(CT, USER);
      let received = '';
      const ws = await openWebSocket(h.url('ct', t.port, t.ticket), {}, (s) =>
        s.on('message', (d) => (received += d.toString())),
      );
      const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
      ws.send(firstLine(t.ticket));
      await closed;
      expect(received).toBe('');
    }
  });

  it('refuses a termproxy ticket that was already used', async () => {
    const t = h.service.createTermTicket(CT, USER);
    const c = await TermproxyClient.connect(h.url('ct', t.port, t.ticket), {
      user: USER,
      ticket: t.ticket,
    });
    await expect(
      TermproxyClient.connect(h.url('ct', t.port, t.ticket), { user: USER, ticket: t.ticket }),
    ).rejects.toMatchObject({ statusCode: 401 });
    await c.close();
  });
});

describe('simulated shell tokenizer', () => {
  it('splits like bash for quotes, escapes and variables', () => {
    const env = { HOSTNAME: 'h1', HOME: '/root' };
    expect(tokenize(`echo 'a  $HOME' "b $HOME" c\\ d \${HOSTNAME}x $NOPE ""`, env)).toEqual([
      'echo',
      'a  $HOME',
      'b /root',
      'c d',
      'h1x',
      '',
    ]);
  });
});
