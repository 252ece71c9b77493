/**
 * The script of Electron's hidden compute window (gpu/compute.html): starts the engine's compute
 * Worker (gpu/compute-worker.js, WebGPU) and passes requests and answers between it and main. The
 * typed arrays travel as structured clones both ways; the page reads nothing itself.
 */
interface ComputeBridge {
  onRequest(listener: (request: unknown) => void): void;
  reply(reply: unknown): void;
}

const bridge = (window as unknown as { anpCompute: ComputeBridge }).anpCompute;
const worker = new Worker('./compute-worker.js');
worker.onmessage = ({ data }: MessageEvent) => bridge.reply(data);
bridge.onRequest((request) => worker.postMessage(request));
