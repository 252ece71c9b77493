/**
 * A message with typed arrays as one byte buffer, for the HTTP legs of the browser-mode compute relay
 * (JSON would turn every float into text). Layout, little-endian: [u32 n][u32 byte length × n]
 * [u32 JSON length][JSON][padding to 4][array bytes, each padded to 4…]. In the JSON each
 * Float32Array or Uint8Array is `{ "$bytes": index, "type": "f32" | "u8" }`. Runs in Node and in the
 * browser (TextEncoder, DataView; no Buffer).
 */
type ArrayRef = { $bytes: number; type: 'f32' | 'u8' };

function isRef(value: unknown): value is ArrayRef {
  return typeof value === 'object' && value !== null && typeof (value as ArrayRef).$bytes === 'number';
}

const padded = (n: number): number => Math.ceil(n / 4) * 4;

export function encodeMessage(message: unknown): ArrayBuffer {
  const arrays: (Float32Array | Uint8Array)[] = [];
  const json = JSON.stringify(message, (_key, value: unknown) => {
    if (!(value instanceof Float32Array || value instanceof Uint8Array)) return value;
    arrays.push(value);
    const ref: ArrayRef = { $bytes: arrays.length - 1, type: value instanceof Float32Array ? 'f32' : 'u8' };
    return ref;
  });
  const text = new TextEncoder().encode(json);
  const head = 4 + 4 * arrays.length + 4;
  const total = padded(head + text.length) + arrays.reduce((sum, a) => sum + padded(a.byteLength), 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, arrays.length, true);
  arrays.forEach((a, i) => view.setUint32(4 + 4 * i, a.byteLength, true));
  view.setUint32(head - 4, text.length, true);
  out.set(text, head);
  let at = padded(head + text.length);
  for (const a of arrays) {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at += padded(a.byteLength);
  }
  return out.buffer;
}

export function decodeMessage(buffer: ArrayBuffer): unknown {
  const view = new DataView(buffer);
  const count = view.getUint32(0, true);
  const sizes = Array.from({ length: count }, (_, i) => view.getUint32(4 + 4 * i, true));
  const head = 4 + 4 * count + 4;
  const length = view.getUint32(head - 4, true);
  const json = new TextDecoder().decode(new Uint8Array(buffer, head, length));
  let at = padded(head + length);
  const starts = sizes.map((size) => {
    const start = at;
    at += padded(size);
    return start;
  });
  if (at > buffer.byteLength) throw new Error('the compute message is truncated');
  return JSON.parse(json, (_key, value: unknown) => {
    if (!isRef(value)) return value;
    const [start, size] = [starts[value.$bytes]!, sizes[value.$bytes]!];
    const bytes = buffer.slice(start, start + size);
    return value.type === 'f32' ? new Float32Array(bytes) : new Uint8Array(bytes);
  });
}
