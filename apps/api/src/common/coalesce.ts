/**
 * A background drain that many callers may ask for: `kick()` starts it, or — when one is running —
 * asks for exactly one more run after it, so no request between its last read and its end is lost.
 * `pause()` stops new runs (shutdown, or a benchmark measuring acceptance alone); `resume()` allows them.
 */
export function coalesced(run: () => Promise<unknown>, onError: (err: unknown) => void) {
  let running: Promise<void> | null = null;
  let again = false;
  let paused = false;
  const kick = (): void => {
    if (paused) return;
    if (running) {
      again = true;
      return;
    }
    running = run()
      .then(() => undefined, onError)
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          kick();
        }
      });
  };
  return {
    kick,
    /** Resolves when no run is going (tests, shutdown). */
    async idle(): Promise<void> {
      while (running) await running;
    },
    pause: () => {
      paused = true;
    },
    resume: () => {
      paused = false;
    },
    get paused() {
      return paused;
    },
  };
}
