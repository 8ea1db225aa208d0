/**
 * Give the event loop a turn: resolves after the I/O callbacks that are
 * ready have run (setImmediate).
 *
 * The build's main thread is also the one Chromium waits on while it
 * prints: every file the page loads passes through the request handler,
 * and the finished PDF comes back in chunks this thread asks for. Finishing
 * an edition (post-processing, the read-back checks) is a few hundred
 * milliseconds of synchronous work; done in one piece, it held the next
 * edition's print until it was over (traced: a print's last chunk waited
 * 0.4 s for the previous edition's checks, and the third edition began
 * printing only after both others were finished). Long work awaits a turn
 * between its steps (a page at a time), so the prints keep moving.
 * A turn costs microseconds when nothing is waiting.
 */
export function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
