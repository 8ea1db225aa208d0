import type { ServerResponse } from "node:http";

/**
 * Server-sent events to every open preview tab. Each message is the whole
 * current state (the server's instance and every page's revision), so a
 * tab that reconnects, or misses a message, still catches up. A comment
 * line every 15 s keeps idle connections open through proxies and sleep.
 */
export class EventHub {
  private readonly clients = new Set<ServerResponse>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor() {
    this.heartbeat = setInterval(() => {
      for (const res of this.clients) res.write(": ping\n\n");
    }, 15_000);
    this.heartbeat.unref();
  }

  /** Number of open streams. */
  get size(): number {
    return this.clients.size;
  }

  /** Start a stream on `res` and send it `state` at once. */
  attach(res: ServerResponse, headers: Record<string, string>, state: unknown): void {
    res.writeHead(200, { ...headers, "Content-Type": "text/event-stream; charset=utf-8", "X-Accel-Buffering": "no" });
    res.write("retry: 1000\n\n");
    this.clients.add(res);
    res.on("close", () => this.clients.delete(res));
    res.write(message("state", state));
  }

  /** Send `state` to every stream. */
  broadcast(state: unknown): void {
    const text = message("state", state);
    for (const res of this.clients) res.write(text);
  }

  /** End every stream and stop the heartbeat. */
  close(): void {
    clearInterval(this.heartbeat);
    for (const res of this.clients) res.end();
    this.clients.clear();
  }
}

/** One event in the text/event-stream format (JSON has no raw newlines, so one data line). */
function message(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
