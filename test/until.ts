/** Polls `check` every `everyMs` until it gives a value, or fails after `timeoutMs` naming what it waited for. */
export async function until<T>(check: () => Promise<T | false | null | undefined>, timeoutMs: number, what: string, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
