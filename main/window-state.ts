/** Remembers the window's size and place between launches (a small JSON file in userData). */
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../app/util/atomic-write.js';

export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized?: boolean;
}

const isInt = (v: unknown): v is number =>
  typeof v === 'number' && Number.isInteger(v) && Math.abs(v) < 100_000;

/** The saved bounds, or undefined when there are none or the file is not sane. */
export async function loadWindowBounds(file: string): Promise<WindowBounds | undefined> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const b = raw as Record<string, unknown>;
  if (!isInt(b.width) || !isInt(b.height) || b.width < 200 || b.height < 200) return undefined;
  const placed = isInt(b.x) && isInt(b.y);
  return {
    width: b.width,
    height: b.height,
    ...(placed ? { x: b.x as number, y: b.y as number } : {}),
    maximized: b.maximized === true,
  };
}

export async function saveWindowBounds(file: string, bounds: WindowBounds): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(bounds)}\n`);
}
