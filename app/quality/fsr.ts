/**
 * A classical completion baseline: OpenCV's frequency-selective reconstruction (Genser et al. 2018,
 * `cv2.xphoto.inpaint` with `INPAINT_FSR_FAST`; no learning), from Debian's python3-opencv in a
 * Python subprocess — OpenCV's JavaScript build has no xphoto. Raw bytes go in on stdin and come
 * back on stdout. `INPAINT_FSR_BEST` takes minutes a photo and is left out.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * ANP_PYTHON if set, else Debian's interpreter where there is one: the `python3` first on PATH may
 * be another (a pyenv shim, a virtual environment) without the system's cv2.
 */
const PYTHON = process.env['ANP_PYTHON'] ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');

const PROBE = 'import cv2; cv2.xphoto.inpaint; print(cv2.__version__)';

// xphoto.inpaint's mask marks the KNOWN pixels (non-zero = valid), the opposite of cv2.inpaint's; it
// takes BGR, and FSR also retouches known pixels slightly, so only the hole's pixels are kept.
const FILL = `
import sys, cv2, numpy as np
w, h = int(sys.argv[1]), int(sys.argv[2])
data = sys.stdin.buffer.read()
rgb = np.frombuffer(data[: w * h * 3], np.uint8).reshape(h, w, 3)
hole = np.frombuffer(data[w * h * 3 :], np.uint8).reshape(h, w) != 0
src = np.ascontiguousarray(rgb[:, :, ::-1])
src[hole] = 0
dst = np.zeros_like(src)
cv2.xphoto.inpaint(src, np.where(hole, 0, 255).astype(np.uint8), dst, cv2.xphoto.INPAINT_FSR_FAST)
out = rgb.copy()
out[hole] = dst[:, :, ::-1][hole]
sys.stdout.buffer.write(out.tobytes())
`;

/** Runs a Python script with `input` on stdin; resolves with its stdout, rejects with its stderr. */
function runPython(args: string[], input: Uint8Array = new Uint8Array(0)): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else {
        const lines = Buffer.concat(err).toString('utf8').trim().split('\n');
        reject(new Error(`${PYTHON} exited with ${code}: ${lines[lines.length - 1] ?? ''}`));
      }
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}

export type FsrAvailability = { available: true; version: string } | { available: false; reason: string };

let probed: Promise<FsrAvailability> | undefined;

/** Whether FSR can run here, and if not why (asked once a process). */
export function fsrAvailability(): Promise<FsrAvailability> {
  probed ??= runPython(['-c', PROBE]).then(
    (out): FsrAvailability => ({ available: true, version: out.toString('utf8').trim() }),
    (): FsrAvailability => ({
      available: false,
      reason: `${PYTHON} has no cv2.xphoto (Debian: apt-get install python3-opencv)`,
    }),
  );
  return probed;
}

/** Fills the pixels where `hole` is non-zero in an 8-bit RGB image with FSR_FAST; a new image. */
export async function fsrInpaint(
  rgb: Uint8Array,
  width: number,
  height: number,
  hole: Uint8Array,
): Promise<Uint8Array> {
  if (rgb.length !== width * height * 3 || hole.length !== width * height) {
    throw new Error(
      `fsrInpaint: expected ${width}×${height} RGB and mask (got ${rgb.length}, ${hole.length})`,
    );
  }
  const input = new Uint8Array(rgb.length + hole.length);
  input.set(rgb);
  input.set(hole, rgb.length);
  const out = await runPython(['-c', FILL, String(width), String(height)], input);
  if (out.length !== rgb.length)
    throw new Error(`fsrInpaint: got ${out.length} bytes, expected ${rgb.length}`);
  return new Uint8Array(out);
}
