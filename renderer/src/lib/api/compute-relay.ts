/**
 * Browser mode: this tab is the engine's WebGPU device. A Worker (the engine's compute bundle, served
 * at gpu/compute-worker.js; the UI imports none of its code) evaluates what the web host hands out,
 * and the tab carries the bytes both ways without reading them. The engine asks first whether WebGPU
 * works here; where it does not, it computes on its own threads and this tab only keeps asking.
 */
const RETRY_MS = 2000;

export function relayCompute(token: string, base = ''): () => void {
  let stopped = false;
  const worker = new Worker(`${base}/gpu/compute-worker.js`);
  const headers = { 'Content-Type': 'application/octet-stream', 'X-Anp-Token': token };
  // The host lets one tab compute at a time; this names the tab.
  const tab = crypto.randomUUID();
  const pause = () => new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  worker.onmessage = ({ data }: MessageEvent<ArrayBuffer>) => {
    void fetch(`${base}/api/compute/reply`, { method: 'POST', headers, body: data }).catch(() => undefined);
  };
  void (async () => {
    while (!stopped) {
      try {
        const response = await fetch(`${base}/api/compute/next`, {
          method: 'POST',
          headers: { ...headers, 'X-Anp-Tab': tab },
        });
        if (response.status === 200) {
          const bytes = await response.arrayBuffer();
          worker.postMessage(bytes, [bytes]);
        } else if (response.status !== 204) await pause();
      } catch {
        await pause();
      }
    }
  })();
  return () => {
    stopped = true;
    worker.terminate();
  };
}
