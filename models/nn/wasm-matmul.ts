/**
 * A faster BatchMatMul for the wasm backend. tfjs-backend-wasm 4.22 hands a product to XNNPACK only
 * when it is a single, untransposed matrix pair; everything else — every batched attention product
 * and every Dense layer's gradient (dX = dY·Wᵀ, dW = Xᵀ·dY) — runs a naive loop at ~1.4 GFLOP/s.
 * This kernel materialises transposes, then sends each batch entry to XNNPACK as its own matrix
 * pair through "views": extra tensor ids registered on slices of the inputs' and output's wasm
 * memory, so nothing is copied. Measured on [128, 1024, 16]·[128, 16, 200]: 531 → 109 ms;
 * [128, 1024, 200]·[128, 200, 16]: 411 → 45 ms; a Dense gradient [1600×64]·[64×64]ᵀ: 10.3 → 1.7 ms.
 */
import * as tf from '@tensorflow/tfjs';

type Info = tf.TensorInfo;
type KernelArgs = { inputs: Record<string, Info>; backend: unknown; attrs: Record<string, unknown> };
type KernelFn = (args: KernelArgs) => Info;

/** The parts of tfjs-backend-wasm's BackendWasm (4.22) this kernel relies on. */
interface WasmBackend {
  wasm: {
    cwrap(name: string, returns: null, argTypes: string[]): WasmMatMul;
    tfjs: { registerTensor(id: number, size: number, offset: number): void; disposeData(id: number): void };
  };
  dataIdMap: { get(dataId: object): { memoryOffset: number } };
  dataIdNextNumber: number;
  makeOutput(shape: number[], dtype: 'float32'): Info;
  disposeData(dataId: object): void;
}

type WasmMatMul = (
  aId: number,
  aShape: Uint8Array,
  aRank: number,
  bId: number,
  bShape: Uint8Array,
  bRank: number,
  transposeA: boolean,
  transposeB: boolean,
  outId: number,
) => void;

const F32 = 4;
let installed = false;
const matMulEntry = new WeakMap<object, WasmMatMul>();

function kernel(name: string): KernelFn {
  const config = tf.getKernel(name, 'wasm');
  if (!config) throw new Error(`the wasm backend has no ${name} kernel`);
  return config.kernelFunc as unknown as KernelFn;
}

function entryPoint(backend: WasmBackend): WasmMatMul {
  let fn = matMulEntry.get(backend.wasm);
  if (!fn) {
    fn = backend.wasm.cwrap('BatchMatMul', null, [
      'number',
      'array',
      'number',
      'number',
      'array',
      'number',
      'number',
      'number',
      'number',
    ]);
    matMulEntry.set(backend.wasm, fn);
  }
  return fn;
}

const shapeBytes = (shape: number[]) => new Uint8Array(new Int32Array(shape).buffer);
const size = (shape: readonly number[]) => shape.reduce((p, q) => p * q, 1);

/**
 * out[i] = a[i or 0] · b[i or 0] for contiguous rank-3 a [na, m, k], b [nb, k, n], one XNNPACK call
 * per entry. The views are unregistered right after their call, which also frees the XNNPACK
 * operator the backend caches on the weights' tensor id.
 */
function matMulByEntry(backend: WasmBackend, a: Info, b: Info): Info {
  const [na, m, k] = a.shape as [number, number, number];
  const [nb, , n] = b.shape as [number, number, number];
  const batch = Math.max(na, nb);
  const out = backend.makeOutput([batch, m, n], 'float32');
  const offset = (t: Info) => backend.dataIdMap.get(t.dataId).memoryOffset;
  const [aBase, bBase, outBase] = [offset(a), offset(b), offset(out)];
  const view = (base: number, entry: number, elements: number) => {
    const id = backend.dataIdNextNumber++;
    backend.wasm.tfjs.registerTensor(id, elements, base + entry * elements * F32);
    return id;
  };
  const aShape = shapeBytes([1, m, k]);
  const bShape = shapeBytes([1, k, n]);
  const run = entryPoint(backend);
  for (let i = 0; i < batch; i++) {
    const ids = [
      view(aBase, na === 1 ? 0 : i, m * k),
      view(bBase, nb === 1 ? 0 : i, k * n),
      view(outBase, i, m * n),
    ] as const;
    run(ids[0], aShape, 3, ids[1], bShape, 3, false, false, ids[2]);
    ids.forEach((id) => backend.wasm.tfjs.disposeData(id));
  }
  return out;
}

/** Replaces the wasm BatchMatMul kernel in this thread; a no-op unless wasm is the active backend. */
export function installFastWasmMatMul(): boolean {
  if (installed || tf.getBackend() !== 'wasm') return installed;
  const original = kernel('BatchMatMul');
  const reshape = kernel('Reshape');
  const transpose = kernel('Transpose');
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel({
    kernelName: 'BatchMatMul',
    backendName: 'wasm',
    kernelFunc: ((args: KernelArgs) => {
      const backend = args.backend as WasmBackend;
      const { a, b } = args.inputs as { a: Info; b: Info };
      const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
      const outerA = a.shape.slice(0, -2);
      const outerB = b.shape.slice(0, -2);
      const [batchA, batchB] = [size(outerA), size(outerB)];
      const sameOuter = outerA.length === outerB.length && outerA.every((d, i) => d === outerB[i]);
      const empty = size(a.shape) === 0 || size(b.shape) === 0;
      // Outer shapes that broadcast axis by axis ([1, 4] with [4, 1]) keep the stock kernel.
      if (empty || (!sameOuter && batchA !== 1 && batchB !== 1)) return original(args);
      if (!transposeA && !transposeB && batchA === 1 && batchB === 1) return original(args);
      const temps: Info[] = [];
      const as3d = (x: Info, batch: number, transposed: boolean): Info => {
        const rank = x.shape.length;
        const r = reshape({
          inputs: { x },
          backend,
          attrs: { shape: [batch, x.shape[rank - 2]!, x.shape[rank - 1]!] },
        });
        temps.push(r);
        if (!transposed) return r;
        const t = transpose({ inputs: { x: r }, backend, attrs: { perm: [0, 2, 1] } });
        temps.push(t);
        return t;
      };
      let a3 = as3d(a, batchA, transposeA);
      const b3 = as3d(b, batchB, transposeB);
      const [m, n] = [a3.shape[1]!, b3.shape[2]!];
      if (a3.shape[2] !== b3.shape[1]) {
        temps.forEach((t) => backend.disposeData(t.dataId));
        return original(args); // which reports the shapes
      }
      // A batch of left matrices against one right matrix is one tall product.
      if (batchB === 1 && batchA > 1) {
        a3 = reshape({ inputs: { x: a3 }, backend, attrs: { shape: [1, batchA * m, a3.shape[2]!] } });
        temps.push(a3);
      }
      const product = matMulByEntry(backend, a3, b3);
      const outer = tf.broadcast_util.assertAndGetBroadcastShape(outerA, outerB);
      const result = reshape({ inputs: { x: product }, backend, attrs: { shape: [...outer, m, n] } });
      [product, ...temps].forEach((t) => backend.disposeData(t.dataId));
      return result;
    }) as unknown as tf.KernelFunc,
  });
  installed = true;
  return true;
}
