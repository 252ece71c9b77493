import sharp from 'sharp';
import { expect, it } from 'vitest';
import { forwardFlops } from '../bench/model-flops.js';
import { imageDataUri, imageGridSvg } from './images-svg.js';
import { chartSvg } from './svg.js';
import { defaultConfig } from '../../models/index.js';

it('draws a chart that sharp rasterises', async () => {
  const svg = chartSvg(
    [
      {
        title: 'a & b',
        xLabel: 'x',
        yLabel: 'y',
        series: [
          {
            name: 's',
            color: '#000',
            points: [
              [0, 1],
              [1, 2],
            ],
            band: [
              [0, 0.5, 1.5],
              [1, 1.5, 2.5],
            ],
          },
        ],
      },
    ],
    1,
  );
  expect(svg).toContain('a &amp; b');
  expect(svg).toContain('<path d="M');
  const meta = await sharp(Buffer.from(svg)).png().metadata();
  expect([meta.width, meta.height]).toEqual([420, 300]);
});

it('embeds images in a grid', async () => {
  const uri = await imageDataUri([0, 1, 1, 0], 2, 1, 8);
  const svg = imageGridSvg('t', ['c'], [{ label: 'r', cells: [uri] }]);
  const png = await sharp(Buffer.from(svg)).raw().toBuffer({ resolveWithObject: true });
  expect(png.info.width).toBeGreaterThan(84);
});

it('counts the matMul FLOPs of a CNP forward pass by hand', () => {
  const c = { ...defaultConfig('cnp'), xDim: 1, yDim: 1, hidden: 8, encoderLayers: 1, decoderLayers: 1 };
  // encoder [2 → 8] on 3 contexts; decoder [8 + 1 → 8 → 2] on 5 targets; batch 1.
  expect(forwardFlops(c, 1, 3, 5)).toBe(2 * 3 * 2 * 8 + 2 * 5 * 9 * 8 + 2 * 5 * 8 * 2);
});
