/**
 * The engine's events, numbered and kept for a while, so an EventSource that reconnects (it sends
 * Last-Event-ID) still receives a job's result that was emitted while it was away.
 */
import type { ApiEvent } from '../api/contract.js';

export type EventSink = (id: number, json: string) => void;

export class EventLog {
  private nextId = 1;
  private readonly recent: { id: number; json: string }[] = [];
  private readonly sinks = new Set<EventSink>();

  constructor(private readonly capacity = 1000) {}

  push(event: ApiEvent): void {
    const entry = { id: this.nextId++, json: JSON.stringify(event) };
    this.recent.push(entry);
    if (this.recent.length > this.capacity) this.recent.shift();
    for (const sink of this.sinks) sink(entry.id, entry.json);
  }

  /** Sends what came after `lastId` (when reconnecting), then every new event; returns the unsubscribe. */
  subscribe(sink: EventSink, lastId?: number): () => void {
    if (lastId !== undefined) for (const { id, json } of this.recent) if (id > lastId) sink(id, json);
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }
}
