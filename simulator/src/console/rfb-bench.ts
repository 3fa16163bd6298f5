import { RfbClient, type RfbConnectOptions } from './rfb-client';

export interface RfbMeasureOptions extends RfbConnectOptions {
  /** Full-screen Raw updates to time for throughput. */
  frames?: number;
  /** 1×1 update round trips to time for latency. */
  probes?: number;
}

export interface RfbMeasurement {
  handshakeMs: number;
  medianRttMs: number;
  p95RttMs: number;
  frames: number;
  bytes: number;
  seconds: number;
  /** Framebuffer payload throughput in MB/s (10^6 bytes). */
  throughputMBps: number;
}

/**
 * Measures an RFB path (direct or through a relay): latency as round trips of tiny update requests,
 * throughput as back-to-back full-screen Raw updates. Same numbers for both paths make a fair pair.
 */
export async function measureRfb(url: string, opts: RfbMeasureOptions): Promise<RfbMeasurement> {
  const t0 = performance.now();
  const client = await RfbClient.connect(url, opts);
  const handshakeMs = performance.now() - t0;
  try {
    await client.requestUpdate(false);
    const rtts: number[] = [];
    for (let i = 0; i < (opts.probes ?? 50); i++) {
      const start = performance.now();
      await client.requestUpdate(false, { x: 0, y: 0, w: 1, h: 1 });
      rtts.push(performance.now() - start);
    }
    rtts.sort((a, b) => a - b);
    const frames = opts.frames ?? 20;
    let bytes = 0;
    const start = performance.now();
    for (let i = 0; i < frames; i++) bytes += (await client.requestUpdate(false)).bytes;
    const seconds = (performance.now() - start) / 1000;
    return {
      handshakeMs,
      medianRttMs: percentile(rtts, 0.5),
      p95RttMs: percentile(rtts, 0.95),
      frames,
      bytes,
      seconds,
      throughputMBps: bytes / 1e6 / seconds,
    };
  } finally {
    await client.close();
  }
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}
