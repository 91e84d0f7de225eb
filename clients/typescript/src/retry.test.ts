// The retry rules, without a server (node's test runner: `npm test` after `npm run build`).
import assert from "node:assert/strict";
import { test } from "node:test";

import { retryAfterMs, retryingFetch } from "./index.js";

function answers(...statuses: Array<[number, string | null]>) {
  const seen: string[] = [];
  const fake = async (input: Request) => {
    seen.push(await input.text());
    const [status, retryAfter] = statuses[Math.min(seen.length - 1, statuses.length - 1)]!;
    return new Response("{}", { status, headers: retryAfter === null ? {} : { "Retry-After": retryAfter } });
  };
  return { seen, fake };
}

test("Retry-After reads seconds and HTTP dates", () => {
  assert.equal(retryAfterMs("7"), 7000);
  assert.equal(retryAfterMs(null), undefined);
  assert.equal(retryAfterMs("soon"), undefined);
  assert.equal(retryAfterMs(new Date(61_000).toUTCString(), 1_000), 60_000);
  assert.equal(retryAfterMs("Wed, 21 Oct 2015 07:28:00 GMT"), 0);
});

test("429 and 503 are retried after Retry-After, not the backoff, with the body sent again", async () => {
  const { seen, fake } = answers([429, "0"], [503, "0"], [200, null]);
  const started = Date.now();
  const response = await retryingFetch({ fetch: fake, backoffMs: 60_000 })(
    new Request("http://127.0.0.1/v1/quotes", { method: "POST", body: '{"text":"x"}' }));
  assert.equal(response.status, 200);
  assert.deepEqual(seen, ['{"text":"x"}', '{"text":"x"}', '{"text":"x"}']);
  assert.ok(Date.now() - started < 5_000);
});

test("a long Retry-After is capped and other statuses are not retried", async () => {
  const capped = answers([503, "3600"], [200, null]);
  const started = Date.now();
  assert.equal((await retryingFetch({ fetch: capped.fake, maxWaitMs: 100 })(new Request("http://127.0.0.1/"))).status, 200);
  assert.ok(Date.now() - started < 5_000);
  const refused = answers([422, null], [200, null]);
  assert.equal((await retryingFetch({ fetch: refused.fake })(new Request("http://127.0.0.1/"))).status, 422);
  assert.equal(refused.seen.length, 1);
  const busy = answers([503, null]);
  assert.equal((await retryingFetch({ fetch: busy.fake, retries: 2, backoffMs: 1 })(new Request("http://127.0.0.1/"))).status, 503);
  assert.equal(busy.seen.length, 3);
});
