import { addresses, newText, parseInboundMail } from './inbound-mail';

describe('inbound mail parsing', () => {
  it('reads sender, recipients and the new text of a plain quoted-printable reply', () => {
    const raw = [
      'Return-Path: <ann@acme.test>',
      'From: "Ann, Acme" <Ann@Acme.test>',
      'To: Support <support+abc234@mp.test>,',
      ' other@mp.test',
      'Subject: Re: Disk full [ticket 1]',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'Thanks, it works again =E2=80=94 gr=C3=BC=C3=9Fe.',
      'A long line that was wrapped by the =',
      'client.',
      '',
      'On Mon, 7 Dec 2026 at 10:00, Multpanel support <support+abc234@mp.test>',
      'wrote:',
      '> We grew the disk.',
    ].join('\r\n');
    const m = parseInboundMail(raw);
    expect(m.from).toBe('ann@acme.test');
    expect(m.recipients).toEqual(['support+abc234@mp.test', 'other@mp.test']);
    expect(m.automatic).toBe(false);
    expect(m.text).toBe(
      'Thanks, it works again — grüße.\nA long line that was wrapped by the client.',
    );
  });

  it('takes the text/plain part of a multipart/alternative mail in base64', () => {
    const text = Buffer.from('Still broken after the reboot.\n\n-- \nAnn\n').toString('base64');
    const raw = [
      'From: ann@acme.test',
      'To: support+abc234@mp.test',
      'Content-Type: multipart/alternative; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>Still broken</p>',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      text,
      '--b1--',
      '',
    ].join('\n');
    expect(parseInboundMail(raw).text).toBe('Still broken after the reboot.');
  });

  it('flags automatic replies and bounces', () => {
    expect(parseInboundMail('From: a@b.test\nAuto-Submitted: auto-replied\n\nAway').automatic).toBe(
      true,
    );
    expect(parseInboundMail('From: a@b.test\nReturn-Path: <>\n\nBounce').automatic).toBe(true);
  });

  it('cuts Outlook-style quotes and parses odd address lists', () => {
    expect(newText('Yes.\n\n-----Original Message-----\nFrom: x')).toBe('Yes.');
    expect(newText('Fine\n________________________________\nFrom: Support')).toBe('Fine');
    expect(addresses('"Doe, J (x)" <j@d.test>, (c) k@d.test, nonsense')).toEqual([
      'j@d.test',
      'k@d.test',
    ]);
  });
});
