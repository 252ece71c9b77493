import { describe, expect, it } from 'vitest';
import { modelRoles } from './model-tasks.js';

describe('modelRoles', () => {
  it('says what a model is for and what it does now', () => {
    expect(modelRoles({ tasks: ['inpaint'], usedFor: ['inpaint'] })).toBe(
      'For completion · in use for completion',
    );
    expect(modelRoles({ tasks: ['inpaint', 'upscale'], usedFor: [] })).toBe('For completion and upscaling');
    expect(modelRoles({ tasks: [], usedFor: [] })).toBe('');
  });
});
