import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { RESULTS_DIR } from '../shared/results.js';

/** Writes `research/results/<name>.svg` and its rasterised `.png`. */
export async function writeFigure(name: string, svg: string): Promise<string[]> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const svgPath = join(RESULTS_DIR, `${name}.svg`);
  const pngPath = join(RESULTS_DIR, `${name}.png`);
  await writeFile(svgPath, svg);
  await sharp(Buffer.from(svg)).png().toFile(pngPath);
  return [svgPath, pngPath];
}

export async function writeResults(name: string, data: object): Promise<string> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${name}.json`);
  await writeFile(path, JSON.stringify(data, null, 2) + '\n');
  return path;
}

export function log(message: string): void {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
}
