import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { api, v1 } from "../support/api";
import { theCast, type Actor, type Fixtures } from "../support/actors";
import { contract, fillPath, type Operation } from "../support/openapi";
import { caseArbitrary, sampleOf, type BaseRequest, type FuzzCase } from "../support/fuzz-cases";
import { quietFingerprint, fingerprint } from "../support/fingerprint";
import { generatorSeed } from "../support/property";
import { settle } from "../support/settle";
import { itemStub } from "../../workers/inventory/stub";
import { cartStub } from "../../workers/cart/service";
import { orderStub } from "../../workers/order/stub";
import { callerOf, COLUMNS, MATRIX } from "./authorization-matrix";

// Every route of /openapi.json gets CASES_PER_ROUTE generated requests (reference §7.7): a hostile request is
// always a 4xx with an error code, never a 5xx or a hang, and a rejected batch changes nothing.

const CASES_PER_ROUTE = Number(env.FC_NUM_RUNS) || 210;
const CHUNK = 30;
const PARALLEL = 6;
const REPLAY_CHUNK = 70;
const REQUEST_TIMEOUT_MS = 10_000;
const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

interface Outcome {
  c: FuzzCase;
  status: number;
  code: string | undefined;
}

async function send(op: Operation, c: FuzzCase, token: string | undefined): Promise<Outcome> {
  const headers: Record<string, string> = { "cf-connecting-ip": `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`, ...c.headers };
  if (token && !c.anonymous && headers.authorization === undefined) headers.authorization = `Bearer ${token}`;
  const url = `https://api.test${fillPath(op.path, c.params)}${c.query ? `?${c.query}` : ""}`;
  const request = exports.default.fetch(new Request(url, { method: op.method, headers, body: c.body }));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)), REQUEST_TIMEOUT_MS)));
  try {
    const res = await Promise.race([request, timeout]);
    const text = await res.text();
    let code: string | undefined;
    try {
      code = (JSON.parse(text) as { errors?: { code?: string }[] }).errors?.[0]?.code;
    } catch {
      code = undefined;
    }
    return { c, status: res.status, code };
  } finally {
    clearTimeout(timer ?? null);
  }
}

/** A request that would succeed, from the route's matrix row when it has one. */
async function baseOf(op: Operation, f: Fixtures, resolve: Parameters<typeof sampleOf>[1]): Promise<{ base: BaseRequest; tokens: (string | undefined)[] }> {
  const row = MATRIX[op.key];
  if (row) {
    const owner = callerOf(f, row, "owner");
    const req = await row.request(f, owner);
    const admitted = COLUMNS.filter((col) => ![401, 403].includes(row.expect[col])).map((col) => callerOf(f, row, col)).filter((a): a is Actor => a !== null);
    return { base: { params: req.params ?? {}, query: req.query ?? {}, body: req.body }, tokens: admitted.map((a) => a.token) };
  }
  const guesses: Record<string, string> = { id: f.productId, productId: f.productId, orderId: f.order.id, customerId: f.customerA.id };
  const params = Object.fromEntries(op.parameters.filter((p) => p.in === "path").map((p) => [p.name, guesses[p.name] ?? "unknown"]));
  return { base: { params, query: {}, body: op.body ? sampleOf(op.body, resolve) : undefined }, tokens: [f.customerA, f.sellerA, f.admin].map((a) => a.token) };
}

/** The fingerprint entries that differ, for the failure message. */
function diff(a: string, b: string): string {
  const flat = (text: string, prefix = "", out = new Map<string, string>()): Map<string, string> => {
    const walk = (v: unknown, path: string) => {
      if (v && typeof v === "object" && !Array.isArray(v)) for (const [k, child] of Object.entries(v)) walk(child, path ? `${path}.${k}` : k);
      else out.set(path, JSON.stringify(v));
    };
    walk(JSON.parse(text), prefix);
    return out;
  };
  const before = flat(a);
  return [...flat(b)].filter(([k, v]) => before.get(k) !== v).map(([k, v]) => `${k}: ${before.get(k)} → ${v}`).join(", ").slice(0, 400);
}

function problemsOf(op: Operation, o: Outcome): string | null {
  if (o.status >= 500) return `${o.status} ${o.code}`;
  if (o.status >= 200 && o.status < 300) return o.status === op.successStatus ? null : `undocumented success ${o.status}`;
  if (!/^[A-Z][A-Z0-9_]+$/.test(o.code ?? "")) return `${o.status} without an error code`;
  // Cross-cutting answers every route may give: an unroutable path (an empty or slashed path id), rate limiting.
  // A bad bearer token is not among them: public routes ignore it, and every other route documents its 401.
  const crossCutting = o.code === "ROUTE_NOT_FOUND" || o.status === 429;
  if (!crossCutting && !op.statuses.includes(o.status)) return `undocumented status ${o.status} ${o.code}`;
  return null;
}

const { operations, resolve } = await contract();
const seed = generatorSeed();

describe(`fuzzing every endpoint of /openapi.json (seed ${seed}; rerun with FC_SEED=${seed})`, () => {
  let f: Fixtures;
  let baseline = "";
  // The carts live in their objects: their versions are part of the state a rejected request must leave alone.
  const objects = async () => [
    await itemStub(env, f.productId).snapshot(), (await orderStub(env, f.order.id).snapshot())?.version,
    ...(await Promise.all([f.customerA, f.customerB].map(async (a) => (await cartStub(env, a.id).snapshot())?.version))),
  ];

  beforeAll(async () => {
    f = await theCast();
    // Carts are created on first use: create them now so that a later read does not count as a change.
    for (const a of [f.customerA, f.customerB]) await api("GET", v1("/carts/me"), { token: a.token });
    await settle();
    baseline = await quietFingerprint(objects);
  });

  it.each(operations.map((op, index) => ({ op, index, key: op.key })))("$key", async ({ op, index }) => {
    const { base, tokens } = await baseOf(op, f, resolve);
    // Building the documented request may itself change state (a fresh order, a cart line): compare from here.
    baseline = await quietFingerprint(objects);
    // Likely rejections first, so that whole batches are rejections and "nothing changed" is checked on them too.
    const cases = fc.sample(caseArbitrary(op, base, resolve), { seed: seed + index, numRuns: CASES_PER_ROUTE }).sort((a, b) => Number(a.mayPass) - Number(b.mayPass));
    const failures: string[] = [];
    let comparedBatches = 0;
    let rejections = 0;
    // Rejections whose "changed nothing" was not checked yet: those of batches in which something succeeded.
    const unchecked: { c: FuzzCase; token: string | undefined }[] = [];
    const run = async (batch: { c: FuzzCase; token: string | undefined }[]) => {
      const outcomes: Outcome[] = [];
      for (let i = 0; i < batch.length; i += PARALLEL) {
        outcomes.push(...(await Promise.all(batch.slice(i, i + PARALLEL).map(({ c, token }) => send(op, c, token).catch((err: Error) => ({ c, status: 599, code: err.message }))))));
      }
      return outcomes;
    };
    const compare = async (what: string) => {
      const after = await fingerprint(objects);
      comparedBatches++;
      if (after !== baseline) failures.push(`${what} changed the state: ${diff(baseline, after)}`);
      baseline = after;
    };
    for (let start = 0; start < cases.length; start += CHUNK) {
      const batch = cases.slice(start, start + CHUNK).map((c, j) => ({ c, token: tokens[(start + j) % tokens.length] }));
      const outcomes = await run(batch);
      const refused = batch.filter((_, j) => outcomes[j]!.status >= 400 && outcomes[j]!.status < 500);
      rejections += refused.length;
      outcomes.forEach((o) => {
        const problem = problemsOf(op, o);
        if (problem) failures.push(`[${o.c.label}] → ${problem} (query ${o.c.query.slice(0, 60)}, body ${(o.c.body ?? "").slice(0, 80)})`);
      });
      // A read never changes state, whatever it answers; a write only when every request of the batch was refused.
      if (op.method === "GET" || !outcomes.some((o) => o.status < 400)) await compare(`cases ${start}–${start + batch.length - 1}`);
      else {
        unchecked.push(...refused);
        // Something succeeded: let its asynchronous effects land before the next comparison.
        baseline = WRITES.has(op.method) ? await quietFingerprint(objects) : await fingerprint(objects);
      }
    }
    // The rejected requests of mixed batches again, in batches of rejections only, so that "a rejected request
    // changes nothing" is checked for every one of them (those of all-rejected batches were checked above).
    for (let start = 0; start < unchecked.length; start += REPLAY_CHUNK) {
      const batch = unchecked.slice(start, start + REPLAY_CHUNK);
      const outcomes = await run(batch);
      if (outcomes.every((o) => o.status >= 400)) await compare(`replaying ${batch.length} rejected requests`);
      else baseline = await quietFingerprint(objects);
    }
    expect(failures, `${op.key}, seed ${seed}:\n${failures.slice(0, 30).join("\n")}`).toEqual([]);
    expect(cases.length).toBeGreaterThanOrEqual(Math.min(200, CASES_PER_ROUTE));
    expect(comparedBatches, "no batch was all rejections, so \"no state change\" was never checked").toBeGreaterThan(0);
    expect(rejections, "hardly any request was rejected: the mutations do not reach the validation").toBeGreaterThan(CASES_PER_ROUTE / 10);
  });
});
