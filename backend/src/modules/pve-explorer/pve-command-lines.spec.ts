import { commandLines, maskParams } from './pve-command-lines';

describe('explorer command lines', () => {
  const target = { baseUrl: 'https://pve1.example:8006/', tokenId: 'mp@pve!explorer' };

  it('writes a GET as curl with a query string and as pvesh get', () => {
    const { curl, pvesh } = commandLines('GET', '/nodes/pve1/qemu/100/status/current', {}, target);
    expect(curl).toBe(
      `curl -ks -X GET -H 'Authorization: PVEAPIToken=mp@pve!explorer='"$PVE_TOKEN_SECRET" 'https://pve1.example:8006/api2/json/nodes/pve1/qemu/100/status/current'`,
    );
    expect(pvesh).toBe(
      `pvesh get '/nodes/pve1/qemu/100/status/current' --output-format json-pretty`,
    );
  });

  it('sends a POST body url-encoded, quotes for the shell and masks secrets', () => {
    const { curl, pvesh } = commandLines(
      'POST',
      '/access/users',
      { userid: "o'brien@pve", password: 'hunter2', enable: 1 },
      target,
    );
    expect(curl).toContain(`--data-urlencode 'userid=o'\\''brien@pve'`);
    expect(curl).toContain(`--data-urlencode 'password=***'`);
    expect(curl).not.toContain('hunter2');
    expect(pvesh).toBe(
      `pvesh create '/access/users' --userid 'o'\\''brien@pve' --password '***' --enable '1' --output-format json-pretty`,
    );
  });

  it('masks every secret-looking parameter name', () => {
    expect(
      maskParams({
        cipassword: 'x',
        sshkeys: 'ssh-ed25519 A',
        'tfa-secret': 's',
        key: 'k',
        vmid: 100,
        keyboard: 'de',
      }),
    ).toEqual({
      cipassword: '***',
      sshkeys: '***',
      'tfa-secret': '***',
      key: '***',
      vmid: 100,
      keyboard: 'de',
    });
  });
});
