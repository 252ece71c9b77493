import { describe, expect, it } from 'vitest';
import { unfitReason } from './model-fit.js';

describe('which models fit the photo', () => {
  it('offers colour models always and greyscale ones only for greyscale photos', () => {
    expect(unfitReason({ channels: 3 }, 3)).toBeNull();
    expect(unfitReason({ channels: 3 }, null)).toBeNull();
    expect(unfitReason({ channels: 1 }, 3)).toMatch(/MNIST.*grey grid/);
    expect(unfitReason({ channels: 1 }, null)).toMatch(/Not for photos/);
    expect(unfitReason({ channels: 1 }, 1)).toBeNull();
    expect(unfitReason({ channels: 0 }, 3)).toMatch(/does not say/);
  });
});
