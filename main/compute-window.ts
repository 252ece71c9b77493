/**
 * The engine's WebGPU device in the desktop app: a hidden, sandboxed window (context isolation, no
 * Node) whose Worker runs the inference the engine sends (see app/compute/webgpu/). It opens on the
 * first request (the engine asks it once, when it picks its backend) and answers only to main, and
 * main takes answers only from it.
 */
import { BrowserWindow, ipcMain, type IpcMainEvent } from 'electron';
import { ApiError } from '../app/api/errors.js';
import type { PageChannel, PageRequestBody } from '../app/compute/webgpu/page-channel.js';
import type { PageComputeReply } from '../app/compute/webgpu/page-protocol.js';
import { CHANNELS, COMPUTE_PAGE_URL } from './channels.js';
import { hardenWebContents } from './security.js';
import { computeWindowOptions } from './window.js';

type Owed = { resolve(value: unknown): void; reject(err: Error): void };

function isReply(value: unknown): value is PageComputeReply {
  const reply = value as PageComputeReply | null;
  return (
    typeof reply === 'object' &&
    reply !== null &&
    Number.isSafeInteger(reply.id) &&
    typeof reply.ok === 'boolean'
  );
}

export class ComputeWindow implements PageChannel {
  private window: Promise<BrowserWindow> | undefined;
  private nextId = 1;
  private readonly owed = new Map<number, Owed>();

  constructor(private readonly preload: string) {
    ipcMain.on(CHANNELS.computeReply, (event, reply: unknown) => this.settle(event, reply));
  }

  async request<T extends PageRequestBody>(request: T): Promise<never> {
    const window = await this.open();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.owed.set(id, { resolve: resolve as (value: unknown) => void, reject });
      window.webContents.send(CHANNELS.computeRequest, { ...request, id });
    });
  }

  close(): void {
    void this.window?.then((window) => window.destroy());
    this.window = undefined;
  }

  private open(): Promise<BrowserWindow> {
    this.window ??= this.create().catch((err: unknown) => {
      this.window = undefined;
      throw err;
    });
    return this.window;
  }

  private async create(): Promise<BrowserWindow> {
    const window = new BrowserWindow(computeWindowOptions(this.preload));
    hardenWebContents(window.webContents);
    window.webContents.on('render-process-gone', (_event, details) => {
      this.failAll(`the compute window stopped (${details.reason})`);
      this.window = undefined;
    });
    await window.loadURL(COMPUTE_PAGE_URL);
    return window;
  }

  /** Answers only from our compute page's main frame, in the shape the Worker sends. */
  private settle(event: IpcMainEvent, reply: unknown): void {
    if (event.senderFrame?.url !== COMPUTE_PAGE_URL || !isReply(reply)) return;
    const owed = this.owed.get(reply.id);
    if (!owed) return;
    this.owed.delete(reply.id);
    if (reply.ok) owed.resolve(reply.value);
    else owed.reject(new ApiError(reply.error.code, reply.error.message));
  }

  private failAll(why: string): void {
    for (const owed of this.owed.values()) owed.reject(new ApiError('INTERNAL', why));
    this.owed.clear();
  }
}
