/**
 * The classical baseline for completion: OpenCV's fast-marching inpainting of Telea (2004), from the
 * official OpenCV build for JavaScript (npm @techstark/opencv-js), loaded on first use.
 */
import { createRequire } from 'node:module';

interface CvMat {
  data: Uint8Array;
  delete(): void;
}
interface Cv {
  Mat: { new (): CvMat };
  matFromArray(rows: number, cols: number, type: number, data: ArrayLike<number>): CvMat;
  inpaint(src: CvMat, mask: CvMat, dst: CvMat, radius: number, flags: number): void;
  CV_8UC3: number;
  CV_8UC1: number;
  INPAINT_TELEA: number;
  onRuntimeInitialized?: () => void;
}

// The Emscripten module is itself a thenable that resolves to itself, so it always travels in a
// wrapper: resolving a promise (or returning from an async function) with it would never settle.
let loaded: Promise<{ cv: Cv }> | undefined;

function loadOpenCv(): Promise<{ cv: Cv }> {
  loaded ??= new Promise<{ cv: Cv }>((resolve) => {
    const cv = createRequire(import.meta.url)('@techstark/opencv-js') as Cv;
    if (typeof cv.Mat === 'function') resolve({ cv });
    else cv.onRuntimeInitialized = () => resolve({ cv });
  });
  return loaded;
}

/** Fills the pixels where `hole` is 1 in an 8-bit RGB image; returns a new image. */
export async function teleaInpaint(
  rgb: Uint8Array,
  width: number,
  height: number,
  hole: Uint8Array,
  radius = 3,
): Promise<Uint8Array> {
  const { cv } = await loadOpenCv();
  const src = cv.matFromArray(height, width, cv.CV_8UC3, rgb);
  const mask = cv.matFromArray(
    height,
    width,
    cv.CV_8UC1,
    Uint8Array.from(hole, (b) => (b ? 255 : 0)),
  );
  const dst = new cv.Mat();
  try {
    cv.inpaint(src, mask, dst, radius, cv.INPAINT_TELEA);
    return new Uint8Array(dst.data);
  } finally {
    src.delete();
    mask.delete();
    dst.delete();
  }
}
