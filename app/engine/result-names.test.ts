import { describe, expect, it } from 'vitest';
import { resultStem } from './result-names.js';

describe('result names', () => {
  it('keeps the photo’s own name and drops suffixes of earlier results', () => {
    expect(resultStem('photo.jpg')).toBe('photo');
    expect(resultStem('photo-sample1.png')).toBe('photo');
    expect(resultStem('photo-sample1-sample2-upscaled.png')).toBe('photo');
    expect(resultStem('my-mean-photo.png')).toBe('my-mean-photo');
    expect(resultStem('-mean.png')).toBe('image');
  });
});
