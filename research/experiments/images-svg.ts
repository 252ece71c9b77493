import sharp from 'sharp';
import { escapeXml, svgDocument } from './svg.js';

/** Values in [0,1] (grey, or RGB interleaved) of an n×n image → a nearest-neighbour enlarged PNG data URI. */
export async function imageDataUri(
  values: ArrayLike<number>,
  n: number,
  channels: 1 | 3,
  size: number,
): Promise<string> {
  const raw = Buffer.from(
    Uint8Array.from(values as ArrayLike<number>, (v) => Math.round(255 * Math.min(1, Math.max(0, v)))),
  );
  const png = await sharp(raw, { raw: { width: n, height: n, channels } })
    .resize(size, size, { kernel: 'nearest' })
    .png()
    .toBuffer();
  return `data:image/png;base64,${png.toString('base64')}`;
}

/** Known pixels as they are (grey or RGB), missing ones dark blue: how a context set looks, as RGB. */
export function contextImage(
  image: ArrayLike<number>,
  known: ArrayLike<number>,
  channels: 1 | 3 = 1,
): Float32Array {
  const pixels = image.length / channels;
  const rgb = new Float32Array(pixels * 3);
  for (let i = 0; i < pixels; i++) rgb.set([0.05, 0.1, 0.45], 3 * i);
  for (let k = 0; k < known.length; k++) {
    const p = known[k]!;
    for (let c = 0; c < 3; c++) rgb[3 * p + c] = image[p * channels + (channels === 3 ? c : 0)]!;
  }
  return rgb;
}

export interface ImageRow {
  label: string;
  cells: string[];
}

export interface LegendEntry {
  label: string;
  color: string;
}

/** A labelled grid of image data URIs, with an optional colour legend under the title. */
export function imageGridSvg(
  title: string,
  columns: string[],
  rows: ImageRow[],
  cell = 84,
  legend: LegendEntry[] = [],
): string {
  const left = 230;
  const top = legend.length > 0 ? 80 : 56;
  const gap = 6;
  const width = Math.max(left + columns.length * (cell + gap), 9 * title.length);
  const height = top + rows.length * (cell + gap) + 8;
  const out = [
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
  ];
  legend.forEach((entry, i) => {
    const x = left + i * 90;
    out.push(`<rect x="${x}" y="32" width="12" height="12" fill="${entry.color}"/>`);
    out.push(`<text x="${x + 16}" y="42" font-size="11">${escapeXml(entry.label)}</text>`);
  });
  columns.forEach((c, j) => {
    out.push(
      `<text x="${left + j * (cell + gap) + cell / 2}" y="${top - 8}" text-anchor="middle" font-size="10">${escapeXml(c)}</text>`,
    );
  });
  rows.forEach((r, i) => {
    const y = top + i * (cell + gap);
    out.push(
      `<text x="${left - 8}" y="${y + cell / 2 + 4}" text-anchor="end" font-size="12">${escapeXml(r.label)}</text>`,
    );
    r.cells.forEach((uri, j) => {
      if (uri)
        out.push(
          `<image x="${left + j * (cell + gap)}" y="${y}" width="${cell}" height="${cell}" xlink:href="${uri}" href="${uri}"/>`,
        );
    });
  });
  return svgDocument(width, height, out.join('\n'));
}
