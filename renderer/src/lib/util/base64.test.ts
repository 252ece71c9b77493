import { describe, expect, it } from 'vitest';
import { base64ToBytes } from './base64.js';

describe('base64ToBytes', () => {
  it('decodes every byte value like Node does', () => {
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 7919) % 256);
    expect(base64ToBytes(Buffer.from(bytes).toString('base64'))).toEqual(bytes);
    expect(base64ToBytes('')).toEqual(new Uint8Array(0));
  });
});
