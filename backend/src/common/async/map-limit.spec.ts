import { mapLimit } from './map-limit';

describe('mapLimit', () => {
  it('keeps input order and never exceeds the limit', async () => {
    let inFlight = 0;
    let peak = 0;
    const result = await mapLimit([30, 5, 20, 1, 10, 15], 2, async (ms) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, ms));
      inFlight--;
      return ms * 2;
    });
    expect(result).toEqual([60, 10, 40, 2, 20, 30]);
    expect(peak).toBe(2);
  });

  it('handles an empty list and rejects when a call fails', async () => {
    expect(await mapLimit([], 4, async () => 1)).toEqual([]);
    await expect(
      mapLimit([1, 2, 3], 2, async (n) => {
        if (n === 2) throw new Error('node 2 failed');
        return n;
      }),
    ).rejects.toThrow('node 2 failed');
  });
});
