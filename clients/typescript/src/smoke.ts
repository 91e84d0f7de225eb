/**
 * The client against a running service, end to end (tests/test_typescript_client.py runs it):
 *
 *     npm run build && node dist/smoke.js http://127.0.0.1:8000
 *
 * Prints one JSON object: what the service answered, as the typed client read it. Exits 1 if
 * an answer is not what the spec promises.
 */
import { createQuotesClient, isDocumentError, type Quote } from "./index.js";

const TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
const TEXT = "🙂 “We are ready,” Dmitry Peskov said. Ann Ortiz said the bridge would reopen.";

async function main(baseUrl: string): Promise<number> {
  const client = createQuotesClient({ baseUrl, retries: 2, backoffMs: 200 });
  const single = await client.POST("/v1/quotes", {
    body: { text: TEXT, id: "ts-1", offsets: "utf16" },
    params: { header: { traceparent: TRACEPARENT } },
  });
  if (!single.data) throw new Error(`POST /v1/quotes: ${JSON.stringify(single.error)}`);
  const quotes: Quote[] = single.data.quotes;
  const spans = quotes.map((q) => TEXT.slice(q.start, q.end)); // utf16 offsets: JavaScript's own unit
  const batch = await client.POST("/v1/quotes/batch", {
    // over the default text limit (200,000): that document alone gets its problem
    body: { documents: [{ id: "a", text: TEXT }, { id: "long", text: "x".repeat(200_001) }] },
  });
  if (!batch.data) throw new Error(`POST /v1/quotes/batch: ${JSON.stringify(batch.error)}`);
  const invalid = await client.POST("/v1/quotes", { body: { text: "x", min_confidence: 2 } });
  const out = {
    model: single.data.model,
    traceparent: single.response.headers.get("traceparent"),
    quotes: quotes.map((q, i) => ({ text: q.text, span: spans[i], name: q.speaker?.name ?? null,
                                    key: q.speaker?.key ?? null })),
    batch: batch.data.results.map((r) => (isDocumentError(r) ? { index: r.index, status: r.error.status }
                                                            : { index: r.index, quotes: r.quotes.length })),
    invalid: { status: invalid.response.status, type: invalid.error?.type ?? null },
  };
  console.log(JSON.stringify(out));
  const spansMatch = quotes.every((q, i) => spans[i] === q.text);
  return spansMatch && out.traceparent === TRACEPARENT && out.invalid.status === 422 ? 0 : 1;
}

main(process.argv[2] ?? "http://127.0.0.1:8000").then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
