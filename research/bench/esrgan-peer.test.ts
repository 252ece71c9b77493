import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initAppBackend } from '../../app/compute/backend-choice.js';
import { psnr } from '../../app/quality/psnr.js';
import { type EsrganPeer, loadEsrgan } from './esrgan-peer.js';

const SIDE = 32;
const SCALE = 2;
const HR = SIDE * SCALE;

/** A 64×64 crop of a fixture photo and its antialiased bicubic 32×32 downscale. */
async function pair(): Promise<{ hr: Uint8Array; lr: Uint8Array }> {
  const hr = await sharp('tests/fixtures/photos/coffee.jpg')
    .removeAlpha()
    .resize(HR * 4, HR * 4, { fit: 'cover' })
    .extract({ left: HR, top: HR, width: HR, height: HR })
    .raw()
    .toBuffer();
  const lr = await sharp(hr, { raw: { width: HR, height: HR, channels: 3 } })
    .resize(SIDE, SIDE, { kernel: 'cubic', fit: 'fill' })
    .raw()
    .toBuffer();
  return { hr: new Uint8Array(hr), lr: new Uint8Array(lr) };
}

describe('UpscalerJS ESRGAN peer', () => {
  let peer: EsrganPeer | null = null;
  let tensorsBeforeLoad = 0;

  beforeAll(async () => {
    await initAppBackend('wasm');
    tensorsBeforeLoad = tf.memory().numTensors;
    peer = await loadEsrgan('slim', SCALE);
  });

  afterAll(() => peer?.dispose());

  it('loads the installed slim ×2 model on the active backend', () => {
    expect(peer).not.toBeNull();
    expect(peer!.packageName).toBe('@upscalerjs/esrgan-slim');
    expect(peer!.scale).toBe(SCALE);
    expect(tf.getBackend()).toBe('wasm');
  });

  it('upscales 32×32 to 64×64 RGB, closer to the original than a flat image, without leaking tensors', async () => {
    const { hr, lr } = await pair();
    const before = tf.memory().numTensors;
    const out = await peer!.upscale(lr, SIDE, SIDE);
    expect(tf.memory().numTensors).toBe(before);
    expect(out).toBeInstanceOf(Uint8Array);
    expect(out.length).toBe(HR * HR * 3);
    // 8-bit values that use the range, not a constant or a clipped 0/255 image.
    const min = out.reduce((a, v) => Math.min(a, v), 255);
    const max = out.reduce((a, v) => Math.max(a, v), 0);
    expect(max - min).toBeGreaterThan(50);
    const clipped = out.reduce((n, v) => n + (v === 0 || v === 255 ? 1 : 0), 0);
    expect(clipped / out.length).toBeLessThan(0.2);
    const mean = [0, 1, 2].map((c) => hr.reduce((s, v, i) => s + (i % 3 === c ? v : 0), 0) / (HR * HR));
    const flat = Uint8Array.from(hr, (_, i) => Math.round(mean[i % 3]!));
    const bicubic = await sharp(lr, { raw: { width: SIDE, height: SIDE, channels: 3 } })
      .resize(HR, HR, { kernel: 'cubic', fit: 'fill' })
      .raw()
      .toBuffer();
    const db = psnr(hr, out, 3);
    expect(db).toBeGreaterThan(psnr(hr, flat, 3) + 6);
    // Near bicubic at worst: a wrong input range or misaligned output loses several dB.
    expect(db).toBeGreaterThan(psnr(hr, bicubic, 3) - 1);
  });

  it('gives the same image in overlapping tiles as in one piece', async () => {
    const { lr } = await pair();
    const whole = await peer!.upscale(lr, SIDE, SIDE);
    const before = tf.memory().numTensors;
    const tiled = await peer!.upscale(lr, SIDE, SIDE, { tile: 12 });
    expect(tf.memory().numTensors).toBe(before);
    expect(psnr(whole, tiled, 3)).toBeGreaterThan(45);
  });

  it('rejects a buffer of the wrong size and frees every tensor on dispose', async () => {
    await expect(peer!.upscale(new Uint8Array(10), SIDE, SIDE)).rejects.toThrow(RangeError);
    peer!.dispose();
    peer = null;
    expect(tf.memory().numTensors).toBe(tensorsBeforeLoad);
  });
});
