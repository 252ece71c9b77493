/**
 * A compute Worker in a headless Chromium, for the command line's WebGPU (the benches and
 * `anp info --backend webgpu`): Node has no WebGPU of its own. It serves only the Worker bundle and
 * its wasm files (dist/renderer/gpu, from `npm run build`) on 127.0.0.1 and needs Playwright (a
 * development dependency) and a Chromium: ANP_CHROMIUM, else Debian's /usr/bin/chromium, else
 * Playwright's own. Chromium picks the machine's GPU; without one it offers SwiftShader.
 */
import type { BrowserType } from '@playwright/test';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { SECURITY_HEADERS } from '../../util/security-headers.js';
import { readStaticFile } from '../../util/static-files.js';
import type { PageChannel } from './page-channel.js';
import { workerChannel } from './playwright-channel.js';

const RENDERER_DIR = fileURLToPath(new URL('../../../dist/renderer/', import.meta.url));
const WORKER_PATH = '/gpu/compute-worker.js';
/** Linux Chromium keeps WebGPU behind this flag; elsewhere it is on by default. */
const WEBGPU_ARGS = ['--enable-unsafe-webgpu', '--enable-features=Vulkan'];

export interface HeadlessPage {
  channel: PageChannel;
  close(): Promise<void>;
}

function serveWorker(): Promise<Server> {
  const server = createServer((req, res) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      return res.end('<!doctype html><title>ANP Studio compute</title>');
    }
    const served = path.startsWith('/gpu/') ? readStaticFile(RENDERER_DIR, path) : Promise.resolve(undefined);
    void served.then((file) => {
      if (!file) return res.writeHead(404).end();
      res.writeHead(200, { 'Content-Type': file.contentType }).end(file.body);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function chromiumPath(env: NodeJS.ProcessEnv): string | undefined {
  if (env.ANP_CHROMIUM) return env.ANP_CHROMIUM;
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}

/** Starts Chromium on a page of its own origin with a compute Worker in it; throws why it cannot. */
export async function startHeadlessPage(env: NodeJS.ProcessEnv = process.env): Promise<HeadlessPage> {
  if (!existsSync(`${RENDERER_DIR}${WORKER_PATH.slice(1)}`)) {
    throw new Error('the compute Worker is not built (run npm run build)');
  }
  let chromium: BrowserType;
  try {
    ({ chromium } = await import('@playwright/test'));
  } catch {
    throw new Error('headless Chromium needs Playwright (a development dependency: npm install)');
  }
  const server = await serveWorker();
  try {
    const executablePath = chromiumPath(env);
    const browser = await chromium.launch({
      ...(executablePath ? { executablePath } : {}),
      args: ['--no-sandbox', '--disable-background-networking', '--no-first-run', ...WEBGPU_ARGS],
    });
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    return {
      channel: await workerChannel(page, `.${WORKER_PATH}`),
      close: async () => {
        await browser.close();
        server.close();
      },
    };
  } catch (err) {
    server.close();
    throw err;
  }
}
