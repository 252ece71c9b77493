import { describe, expect, it } from 'vitest';
import { apiSchemas, base64Length, MAX_UPLOAD_BYTES, OpenImageArgs, type ApiMethod } from './contract.js';
import { ApiError } from './errors.js';
import { isApiMethod, validateArgs } from './validate.js';

const IMG = 'img_abcdef123';
const JOB = 'job_abcdef123';
const BOX = { kind: 'shapes', shapes: [{ kind: 'rect', x: 1, y: 1, width: 8, height: 8 }] };

/** For every call: one valid argument and malformed ones, each with the words its error must contain. */
const table: { [M in ApiMethod]: { valid: unknown; invalid: [unknown, RegExp][] } } = {
  openImage: {
    valid: { kind: 'path', path: '/tmp/a.jpg' },
    invalid: [
      [{ kind: 'path', path: '' }, /path must not be empty/],
      [{ kind: 'path', path: 'a\0b' }, /path must not contain NUL/],
      [{ kind: 'url', path: '/x' }, /kind/],
      [{ kind: 'bytes', name: 'a.png', dataBase64: '***' }, /dataBase64 must be base64/],
      [{ kind: 'bytes', name: 'a\0.png', dataBase64: '' }, /name must not contain NUL/],
      [
        { kind: 'upload', uploadId: `upload-${'a'.repeat(16)}`, name: 'a\0b.png' },
        /name must not contain NUL/,
      ],
      [{ kind: 'bytes', name: 'a\nb.png', dataBase64: '' }, /name must not contain NUL or other control/],
      [{ kind: 'path', path: '/a', extra: 1 }, /extra|Unrecognized/i],
    ],
  },
  imageInfo: {
    valid: { id: IMG },
    invalid: [
      [{ id: 'nope' }, /id must be an image id/],
      [{}, /id/],
    ],
  },
  imagePreview: {
    valid: { id: IMG, maxSide: 512 },
    invalid: [
      [{ id: IMG, maxSide: 4 }, /maxSide/],
      [{ id: IMG, maxSide: 100.5 }, /maxSide/],
    ],
  },
  closeImage: { valid: { id: IMG }, invalid: [[{ id: 42 }, /id/]] },
  inpaint: {
    valid: { imageId: IMG, mask: BOX, samples: 3, seed: 7 },
    invalid: [
      [{ imageId: IMG, mask: BOX, samples: 0 }, /samples/],
      [{ imageId: IMG, mask: BOX, samples: 9 }, /samples/],
      [{ imageId: IMG, mask: { kind: 'shapes', shapes: [] } }, /mask has no shapes/],
      [
        {
          imageId: IMG,
          mask: { kind: 'shapes', shapes: [{ kind: 'rect', x: 0, y: 0, width: -1, height: 2 }] },
        },
        /width/,
      ],
      [{ imageId: IMG, mask: { kind: 'shapes', shapes: [{ kind: 'polygon', points: [[0, 0]] }] } }, /points/],
      [
        {
          imageId: IMG,
          mask: {
            kind: 'shapes',
            shapes: Array.from({ length: 3 }, () => ({
              kind: 'stroke',
              points: Array.from({ length: 40_000 }, () => [1, 1]),
              radius: 4,
            })),
          },
        },
        /mask\.shapes have more than 100000 points in all/,
      ],
      [{ imageId: IMG, mask: BOX, seed: -1 }, /seed/],
      [{ imageId: IMG, mask: BOX, modelId: '../etc' }, /modelId must be a model id/],
    ],
  },
  upscale: {
    valid: { imageId: IMG, size: { kind: 'scale', scale: 3.7 } },
    invalid: [
      [{ imageId: IMG, size: { kind: 'scale', scale: 0 } }, /scale/],
      [{ imageId: IMG, size: { kind: 'scale', scale: 16.5 } }, /scale/],
      [{ imageId: IMG, size: { kind: 'scale', scale: Number.NaN } }, /scale/],
      [{ imageId: IMG, size: { kind: 'exact', width: 0 } }, /width/],
      [{ imageId: IMG, size: { kind: 'exact', width: 100, height: 1.5 } }, /height/],
    ],
  },
  estimateUpscale: {
    valid: { imageId: IMG, size: { kind: 'exact', width: 4000 } },
    invalid: [
      [{ imageId: IMG, size: { kind: 'scale', scale: 20 } }, /scale/],
      [{ imageId: IMG, size: { kind: 'scale', scale: 2 }, confirm: true }, /confirm|Unrecognized/i],
    ],
  },
  upscaleRegion: {
    valid: {
      imageId: IMG,
      size: { kind: 'scale', scale: 4 },
      region: { x: 0, y: 10, width: 256, height: 256 },
    },
    invalid: [
      [{ imageId: IMG, size: { kind: 'scale', scale: 4 } }, /region/],
      [
        { imageId: IMG, size: { kind: 'scale', scale: 4 }, region: { x: -1, y: 0, width: 8, height: 8 } },
        /region\.x/,
      ],
      [
        { imageId: IMG, size: { kind: 'scale', scale: 4 }, region: { x: 0, y: 0, width: 513, height: 8 } },
        /region\.width/,
      ],
      [
        { imageId: IMG, size: { kind: 'scale', scale: 4 }, region: { x: 0, y: 0, width: 8, height: 0.5 } },
        /region\.height/,
      ],
    ],
  },
  fineTune: {
    valid: { folder: '/photos', task: 'inpaint', name: 'my-photos', steps: 300 },
    invalid: [
      [{ folder: '', fromModel: 'photo', name: 'x' }, /folder must not be empty/],
      [{ folder: '/p', fromModel: 'photo', name: 'Bad Name' }, /name must be a model id/],
      [{ folder: '/p', fromModel: 'photo', name: 'x', steps: 0 }, /steps/],
      [{ folder: '/p', fromModel: 'photo', name: 'x', resume: 'yes' }, /resume/],
      [{ fromModel: 'photo', name: 'x' }, /either a folder or imageIds/],
      [{ folder: '/p', name: 'x' }, /name the model to tune \(fromModel\) or the task/],
      [{ folder: '/p', task: 'denoise', name: 'x' }, /task/],
      [{ folder: '/p', imageIds: [IMG], fromModel: 'photo', name: 'x', resume: true }, /not both/],
    ],
  },
  cancel: { valid: { jobId: JOB }, invalid: [[{ jobId: 'img_abcdef123' }, /jobId must be a job id/]] },
  pause: {
    valid: { jobId: JOB },
    invalid: [
      [{ jobId: '../job' }, /jobId must be a job id/],
      [{ jobId: JOB, now: true }, /now|Unrecognized/i],
    ],
  },
  listModels: { valid: {}, invalid: [[{ all: true }, /all|Unrecognized/i]] },
  selectModel: { valid: { id: 'photo' }, invalid: [[{ id: '' }, /id must be a model id/]] },
  exportImage: {
    valid: { imageId: IMG, format: 'webp', quality: 80 },
    invalid: [
      [{ imageId: IMG, format: 'bmp' }, /format/],
      [{ imageId: IMG, format: 'png', quality: 101 }, /quality/],
      [{ imageId: IMG, format: 'png', overwrite: 'yes' }, /overwrite/],
    ],
  },
  engineInfo: { valid: {}, invalid: [[{ verbose: 1 }, /verbose|Unrecognized/i]] },
  scanFolder: { valid: { folder: '/photos' }, invalid: [[{ folder: '' }, /folder must not be empty/]] },
  engineMemory: { valid: {}, invalid: [[{ pid: 1 }, /pid|Unrecognized/i]] },
  pausedFineTunes: { valid: {}, invalid: [[{ name: 'x' }, /name|Unrecognized/i]] },
  pixelAttention: {
    valid: { imageId: IMG, mask: BOX, x: 3, y: 4 },
    invalid: [
      [{ imageId: IMG, mask: BOX, x: -1, y: 4 }, /x/],
      [{ imageId: IMG, mask: BOX, x: 1.5, y: 4 }, /x/],
      [{ imageId: IMG, x: 1, y: 4 }, /mask/],
    ],
  },
};

describe('API contract schemas', () => {
  it('has a table row for every method', () => {
    expect(Object.keys(table).sort()).toEqual(Object.keys(apiSchemas).sort());
  });

  for (const method of Object.keys(table) as ApiMethod[]) {
    const { valid, invalid } = table[method];
    it(`${method}: accepts a well-formed argument`, () => {
      expect(() => validateArgs(method, valid)).not.toThrow();
    });
    for (const [args, message] of invalid) {
      it(`${method}: rejects ${JSON.stringify(args)}`, () => {
        let caught: unknown;
        try {
          validateArgs(method, args);
        } catch (err) {
          caught = err;
        }
        expect(caught).toBeInstanceOf(ApiError);
        expect((caught as ApiError).code).toBe('INVALID_ARGUMENT');
        expect((caught as ApiError).message).toMatch(new RegExp(`^${method}: `));
        expect((caught as ApiError).message).toMatch(message);
      });
    }
  }

  it('fills defaults', () => {
    expect(validateArgs('inpaint', { imageId: IMG, mask: BOX })).toMatchObject({ samples: 3, seed: 0 });
    expect(validateArgs('exportImage', { imageId: IMG, format: 'png' })).toMatchObject({
      quality: 90,
      overwrite: false,
    });
  });

  it('knows its methods and nothing else', () => {
    expect(isApiMethod('inpaint')).toBe(true);
    expect(isApiMethod('constructor')).toBe(false);
    expect(isApiMethod('__proto__')).toBe(false);
    expect(() => validateArgs('toString' as ApiMethod, {})).toThrow(/unknown method/);
  });

  it('states the upload limit it enforces: base64 of exactly 200 MB', () => {
    expect([base64Length(1), base64Length(3), base64Length(4)]).toEqual([4, 4, 8]);
    const bytes = OpenImageArgs.options[1].shape.dataBase64;
    expect(bytes.maxLength).toBe(base64Length(MAX_UPLOAD_BYTES));
    expect(MAX_UPLOAD_BYTES).toBe(200 * 1024 * 1024);
    const over = bytes.safeParse('A'.repeat(base64Length(MAX_UPLOAD_BYTES) + 4));
    expect(over.error?.issues[0]?.message).toBe('file is larger than 200 MB');
  });
});
