import { describe, expect, it } from 'vitest';
import { describeError, EngineError, toEngineError } from './errors.js';

describe('errors shown to the user', () => {
  it('keeps the engine’s code and sentence', () => {
    const err = toEngineError({ code: 'CORRUPT_IMAGE', message: 'x.jpg: the file is damaged' }, 'failed');
    expect(err).toBeInstanceOf(EngineError);
    expect(describeError(err)).toEqual({ code: 'CORRUPT_IMAGE', message: 'x.jpg: the file is damaged' });
  });

  it('reads the code the Electron preload puts in front of the message', () => {
    const remote = new Error(
      "Error invoking remote method 'anp:call': Error: [NOT_FOUND] a.png: file not found",
    );
    expect(describeError(remote)).toEqual({ code: 'NOT_FOUND', message: 'a.png: file not found' });
    expect(describeError(new Error('[UNSUPPORTED_IMAGE] b.png: not an image'))).toEqual({
      code: 'UNSUPPORTED_IMAGE',
      message: 'b.png: not an image',
    });
  });

  it('falls back to INTERNAL for anything else', () => {
    expect(describeError(new Error('boom'))).toEqual({ code: 'INTERNAL', message: 'boom' });
    expect(describeError('plain')).toEqual({ code: 'INTERNAL', message: 'plain' });
    expect(toEngineError(undefined, 'the job failed').message).toBe('the job failed');
  });
});
