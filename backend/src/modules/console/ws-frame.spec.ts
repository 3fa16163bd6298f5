import {
  encodeClose,
  encodeFrame,
  FrameDecoder,
  FrameError,
  FrameScanner,
  Opcode,
} from './ws-frame';

const bytes = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 7) & 0xff));

/** Feeds `stream` to a scanner cut into pieces at `cuts`; returns what it would forward. */
function scanInPieces(scanner: FrameScanner, stream: Buffer, cuts: number[]) {
  const out: Buffer[] = [];
  let payload = 0;
  let activity = false;
  let closed = false;
  let from = 0;
  for (const to of [...cuts, stream.length]) {
    const piece = stream.subarray(from, to);
    from = to;
    if (!piece.length) continue;
    const r = scanner.scan(piece);
    if (r.head) out.push(r.head);
    out.push(piece.subarray(0, r.end));
    payload += r.payloadBytes;
    activity ||= r.activity;
    if (r.close) {
      closed = true;
      break;
    }
  }
  return { forwarded: Buffer.concat(out), payload, activity, closed };
}

describe('ws-frame codec', () => {
  it.each([0, 1, 125, 126, 65535, 65536, 200_000])(
    'round-trips a %i-byte payload masked and unmasked',
    (n) => {
      for (const mask of [true, false]) {
        const frame = encodeFrame(Opcode.Binary, bytes(n), { mask });
        const [f, ...more] = new FrameDecoder(mask).push(frame);
        expect(more).toEqual([]);
        expect(f).toMatchObject({ fin: true, opcode: Opcode.Binary });
        expect(f.payload.equals(bytes(n))).toBe(true);
      }
    },
  );

  it('keeps an incomplete frame raw and tracks an open fragmented message', () => {
    const d = new FrameDecoder(true);
    const first = encodeFrame(Opcode.Text, Buffer.from('hel'), { mask: true, fin: false });
    const next = encodeFrame(Opcode.Continuation, Buffer.from('lo'), { mask: true });
    expect(d.push(Buffer.concat([first, next.subarray(0, 3)])).map((f) => f.fin)).toEqual([false]);
    expect(d.midMessage).toBe(true);
    expect(d.pending).toEqual(next.subarray(0, 3));
    expect(d.push(next.subarray(3))[0].payload.toString()).toBe('lo');
    expect(d.midMessage).toBe(false);
  });

  it('refuses what no peer may send here', () => {
    const masked = encodeFrame(Opcode.Binary, Buffer.from('x'), { mask: true });
    const plain = encodeFrame(Opcode.Binary, Buffer.from('x'), { mask: false });
    expect(() => new FrameDecoder(true).push(plain)).toThrow(FrameError);
    expect(() => new FrameDecoder(false).push(masked)).toThrow(FrameError);
    const rsv = Buffer.from(plain);
    rsv[0] |= 0x40; // permessage-deflate's RSV1, never negotiated
    expect(() => new FrameDecoder(false).push(rsv)).toThrow(/reserved/);
    const orphan = encodeFrame(Opcode.Continuation, Buffer.from('x'), { mask: false });
    expect(() => new FrameDecoder(false).push(orphan)).toThrow(/continuation/);
    expect(() => new FrameScanner(false).scan(masked)).toThrow(FrameError);
  });

  it('encodes a close frame with code and reason', () => {
    const [f] = new FrameDecoder(false).push(encodeClose(4408, 'closed after inactivity', false));
    expect(f.opcode).toBe(Opcode.Close);
    expect(f.payload.readUInt16BE(0)).toBe(4408);
    expect(f.payload.subarray(2).toString()).toBe('closed after inactivity');
  });
});

describe('FrameScanner', () => {
  const stream = Buffer.concat([
    encodeFrame(Opcode.Binary, bytes(300), { mask: true }),
    encodeFrame(Opcode.Ping, Buffer.from('p'), { mask: true }),
    encodeFrame(Opcode.Text, Buffer.from('ab'), { mask: true, fin: false }),
    encodeFrame(Opcode.Continuation, bytes(70_000), { mask: true }),
    encodeFrame(Opcode.Text, Buffer.from('2'), { mask: true }),
  ]);

  it('forwards every byte unchanged and counts data payload, however the stream is cut', () => {
    for (let cut = 1; cut < stream.length; cut += cut < 40 ? 1 : 997) {
      const r = scanInPieces(new FrameScanner(true), stream, [cut, cut + 1, cut + 5]);
      expect(r.forwarded.equals(stream)).toBe(true);
      expect(r.payload).toBe(300 + 2 + 70_000 + 1);
      expect(r.closed).toBe(false);
    }
  });

  it('does not count the keep-alive as activity, even split byte by byte', () => {
    const keepAlive = Buffer.from('2');
    const ping = encodeFrame(Opcode.Text, keepAlive, { mask: true });
    const cuts = Array.from({ length: ping.length }, (_, i) => i);
    expect(scanInPieces(new FrameScanner(true, keepAlive), ping, cuts).activity).toBe(false);
    const key = encodeFrame(Opcode.Text, Buffer.from('3'), { mask: true });
    expect(scanInPieces(new FrameScanner(true, keepAlive), key, cuts).activity).toBe(true);
    const both = Buffer.concat([ping, key]);
    expect(scanInPieces(new FrameScanner(true, keepAlive), both, [3]).activity).toBe(true);
  });

  it('cuts a close frame out cleanly, also when its header is split over chunks', () => {
    const before = encodeFrame(Opcode.Binary, bytes(10), { mask: false });
    const close = encodeClose(1000, '', false);
    const all = Buffer.concat([
      before,
      close,
      encodeFrame(Opcode.Binary, bytes(3), { mask: false }),
    ]);
    for (let cut = 1; cut < before.length + close.length; cut++) {
      const r = scanInPieces(new FrameScanner(false), all, [cut]);
      expect(r.closed).toBe(true);
      expect(r.forwarded).toEqual(before);
    }
  });
});
