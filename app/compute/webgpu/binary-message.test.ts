import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage } from './binary-message.js';

describe('binary compute messages', () => {
  it('carry typed arrays of any length exactly, inside nested JSON', () => {
    const message = {
      id: 3,
      type: 'evaluate',
      job: {
        tiles: [
          { contextX: new Float32Array([0.1, -1, 1e-8]), targetX: new Float32Array([]) },
          { contextX: new Float32Array([Math.PI]), targetX: new Float32Array([2, 3]) },
        ],
        seed: 7,
      },
      weights: new Uint8Array([1, 2, 3, 4, 5]),
      name: 'ünïcode',
    };
    const decoded = decodeMessage(encodeMessage(message)) as typeof message;
    expect(decoded).toEqual(message);
    expect(decoded.job.tiles[1]!.contextX).toBeInstanceOf(Float32Array);
    expect(decoded.weights).toBeInstanceOf(Uint8Array);
  });

  it('reads arrays that are views into a larger buffer', () => {
    const whole = new Float32Array([9, 8, 7, 6]);
    const decoded = decodeMessage(encodeMessage({ part: whole.subarray(1, 3) })) as { part: Float32Array };
    expect([...decoded.part]).toEqual([8, 7]);
  });

  it('refuses a truncated message', () => {
    const bytes = encodeMessage({ a: new Float32Array(16) });
    expect(() => decodeMessage(bytes.slice(0, bytes.byteLength - 8))).toThrow('truncated');
  });
});
