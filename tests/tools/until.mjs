// Waits until predicate(arg), evaluated in the page, is truthy, and returns its value. Playwright's waitForFunction
// evaluates its predicate from a string inside the page, which the pages' Content-Security-Policy (no 'unsafe-eval')
// refuses; one evaluate call at a time is allowed, so this polls with those.
export async function until(page, predicate, arg, { timeout = 30000 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await page.evaluate(predicate, arg);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${predicate}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
