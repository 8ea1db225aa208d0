import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { route, type Route } from "./routes.js";

/**
 * The preview's HTTP server: bound to 127.0.0.1 only, answering GET and
 * HEAD for the routes in routes.ts and nothing else. Every response says
 * not to cache or sniff it; pages carry a Content-Security-Policy that
 * allows the preview's own script and event stream and no other script;
 * served files carry one that lets nothing run even if opened directly (an
 * SVG image, say). Requests whose Host is not this server are refused, so a
 * web page cannot reach the preview through DNS rebinding.
 */

/** The only interface the server listens on. */
export const HOST = "127.0.0.1";

/** A file to send: its type and bytes. */
export interface Body {
  readonly type: string;
  readonly data: string | Uint8Array;
  /** 200 unless said otherwise. */
  readonly status?: number;
}

/** What the server serves; everything it does not know is a 404. */
export interface PreviewApp {
  index(): Body;
  edition(name: string): Body | undefined;
  file(name: string, rel: string): Promise<Body | undefined>;
  script(): Body;
  style(): Body;
  events(res: ServerResponse, headers: Record<string, string>): void;
}

const COMMON: Record<string, string> = {
  "Cache-Control": "no-store",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Cross-Origin-Resource-Policy": "same-origin",
  "X-Frame-Options": "DENY",
};

/** Pages: the preview's script and event stream, the edition's styles, fonts and images, nothing from elsewhere. */
export const PAGE_CSP =
  "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self' 'unsafe-inline'; " +
  "font-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
/** Files: nothing runs, even in a file opened on its own. */
export const FILE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; font-src 'self'; sandbox";

function send(req: IncomingMessage, res: ServerResponse, status: number, body: Body, csp: string): void {
  const data = typeof body.data === "string" ? Buffer.from(body.data) : body.data;
  res.writeHead(status, {
    ...COMMON,
    "Content-Security-Policy": csp,
    "Content-Type": body.type,
    "Content-Length": String(data.byteLength),
  });
  res.end(req.method === "HEAD" ? undefined : data);
}

/** A sheet of paper. */
const ICON: Body = {
  type: "image/svg+xml",
  data: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect x="3" y="1" width="10" height="14" fill="#fff" stroke="#1e2226"/><path d="M5 5h6M5 8h6M5 11h4" stroke="#1e2226"/></svg>',
};

const text = (s: string): Body => ({ type: "text/plain; charset=utf-8", data: `${s}\n` });

/** Answer one request. */
async function answer(app: PreviewApp, req: IncomingMessage, res: ServerResponse, r: Route): Promise<void> {
  switch (r.kind) {
    case "index":
      return send(req, res, 200, app.index(), PAGE_CSP);
    case "script":
      return send(req, res, 200, app.script(), FILE_CSP);
    case "style":
      return send(req, res, 200, app.style(), FILE_CSP);
    case "icon":
      return send(req, res, 200, ICON, FILE_CSP);
    case "events":
      return app.events(res, { ...COMMON, "Content-Security-Policy": FILE_CSP });
    case "edition-slash":
      res.writeHead(308, { ...COMMON, Location: `/e/${encodeURIComponent(r.name)}/` });
      return void res.end();
    case "edition": {
      const page = app.edition(r.name);
      return page ? send(req, res, 200, page, PAGE_CSP) : send(req, res, 404, text("Not found"), FILE_CSP);
    }
    case "file": {
      const file = await app.file(r.name, r.rel);
      return file
        ? send(req, res, file.status ?? 200, file, FILE_CSP)
        : send(req, res, 404, text("Not found"), FILE_CSP);
    }
    case "not-found":
      return send(req, res, 404, text("Not found"), FILE_CSP);
  }
}

/** A server for `app`; `port()` tells it which port it ended up on, for the Host check. */
export function previewServer(app: PreviewApp, onError: (e: unknown) => void): Server {
  const server = createServer((req, res) => {
    const port = (server.address() as AddressInfo | null)?.port;
    const host = req.headers.host ?? "";
    if (host !== `${HOST}:${port}` && host !== `localhost:${port}`)
      return send(req, res, 403, text(`Use http://${HOST}:${port}/`), FILE_CSP);
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { ...COMMON, Allow: "GET, HEAD" });
      return void res.end();
    }
    answer(app, req, res, route(req.url ?? "")).catch((e: unknown) => {
      onError(e);
      if (!res.headersSent) send(req, res, 500, text("The preview failed to answer; see the terminal."), FILE_CSP);
      else res.end();
    });
  });
  return server;
}

/** Listen on 127.0.0.1:`port`, or on a free port when that one is taken; resolves to the port used. */
export async function listen(server: Server, port: number): Promise<number> {
  const on = (p: number): Promise<number> =>
    new Promise((resolve, reject) => {
      const fail = (e: Error): void => reject(e);
      server.once("error", fail);
      server.listen(p, HOST, () => {
        server.off("error", fail);
        resolve((server.address() as AddressInfo).port);
      });
    });
  try {
    return await on(port);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EADDRINUSE" || port === 0) throw e;
    return on(0);
  }
}
