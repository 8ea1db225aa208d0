/**
 * The live-reload script: the only JavaScript in a preview page, served
 * from the preview's own path and never written into an edition. It listens
 * to the server's event stream; when its page's revision changes it fetches
 * the page again and swaps in the parts that differ (the sheets, the
 * toolbar, the problems overlay, the stylesheets), keeping the reader's
 * place: the first block in view stays where it was on screen. It never
 * reloads the page.
 *
 * Written as a function so that it is type-checked with the DOM types; the
 * server sends its source (`liveReloadScript()`), so it must not refer to
 * anything outside itself.
 */
export function liveReload(eventsPath: string): void {
  const root = document.documentElement;
  const view = root.dataset.pvView ?? "";
  let busy = false;
  let again = false;
  let hiddenOverlay = "";

  const firstInView = (): { key: string; top: number } | undefined => {
    const bar = document.getElementById("pv-bar")?.getBoundingClientRect().bottom ?? 0;
    for (const el of document.querySelectorAll<HTMLElement>("[data-pv-key]")) {
      const r = el.getBoundingClientRect();
      if (r.bottom > bar && r.height > 0) return { key: el.dataset.pvKey ?? "", top: r.top };
    }
    return undefined;
  };

  const swapStylesheet = (next: Document, id: string): void => {
    const cur = document.getElementById(id);
    const want = next.getElementById(id);
    if (!(cur instanceof HTMLLinkElement) || !(want instanceof HTMLLinkElement) || cur.href === want.href) return;
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = want.href;
    link.addEventListener("load", () => {
      cur.remove();
      link.id = id;
    });
    cur.after(link);
  };

  const apply = (next: Document): void => {
    const place = firstInView();
    const [x, y] = [window.scrollX, window.scrollY];
    swapStylesheet(next, "pv-edition-css");
    for (const want of next.querySelectorAll<HTMLElement>("[data-pv-swap]")) {
      const cur = document.getElementById(want.id);
      if (!cur || cur.dataset.pvHash === want.dataset.pvHash) continue;
      cur.replaceWith(document.importNode(want, true));
    }
    document.title = next.title;
    root.dataset.pvRevision = next.documentElement.dataset.pvRevision ?? "";
    root.dataset.pvInstance = next.documentElement.dataset.pvInstance ?? "";
    const overlay = document.getElementById("pv-overlay");
    if (overlay && overlay.dataset.pvHash === hiddenOverlay) overlay.hidden = true;
    const anchor = place && document.querySelector(`[data-pv-key="${CSS.escape(place.key)}"]`);
    if (place && anchor) window.scrollBy(0, anchor.getBoundingClientRect().top - place.top);
    else window.scrollTo(x, y);
  };

  const refresh = async (): Promise<void> => {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    try {
      do {
        again = false;
        const res = await fetch(window.location.pathname, { cache: "no-store" });
        if (!res.ok) break;
        apply(new DOMParser().parseFromString(await res.text(), "text/html"));
      } while (again);
    } catch {
      // The server is gone or restarting; the event stream reconnects and asks again.
    } finally {
      busy = false;
    }
  };

  const source = new EventSource(eventsPath);
  source.addEventListener("state", (event) => {
    const state = JSON.parse(String(event.data)) as {
      instance: string;
      revisions: Record<string, number>;
    };
    const revision = String(state.revisions[view] ?? "");
    if (state.instance !== root.dataset.pvInstance || revision !== root.dataset.pvRevision) void refresh();
  });
  source.addEventListener("open", () => root.classList.remove("pv-offline"));
  source.addEventListener("error", () => root.classList.add("pv-offline"));

  document.addEventListener("click", (event) => {
    const action = event.target instanceof Element ? event.target.closest("[data-pv-action]") : null;
    const overlay = document.getElementById("pv-overlay");
    if (!action || !overlay) return;
    const hide = action.getAttribute("data-pv-action") === "hide-overlay";
    overlay.hidden = hide;
    hiddenOverlay = hide ? (overlay.dataset.pvHash ?? "") : "";
  });
}

/** The script as served: the function's source, called with the event stream's path. */
export function liveReloadScript(eventsPath: string): string {
  return `"use strict";\n(${liveReload.toString()})(${JSON.stringify(eventsPath)});\n`;
}
