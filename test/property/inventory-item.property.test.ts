import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { InventoryModel, invariantViolations, inventoryOp, terminalChanges, type InventoryOp, type Observation } from "../support/inventory-model";
import { ObjectItem, PureItem, type ItemUnderTest } from "../support/inventory-under-test";
import { canonical, fcParams, permutations } from "../support/property";
import type { HoldStatus } from "../../durable-objects/inventory-item/inventory-item";

// Model-based tests of the inventory item (domain.md, Inventory; reference §7.2): random sequences of reserve,
// release, commit, fulfil, adjust, reorder point and expiry, with duplicates, compared with the model after every
// step. Failures print the seed and path; see test/support/property.ts to replay one.

interface ModelBox {
  model: InventoryModel;
  seenTerminal: Map<string, HoldStatus>;
}

function assertStep(op: InventoryOp, observed: Observation, box: ModelBox): void {
  const problems = [...invariantViolations(observed), ...terminalChanges(box.seenTerminal, observed)];
  if (problems.length) throw new Error(`after ${JSON.stringify(op)}: ${problems.join("; ")}`);
  expect(observed, `state after ${JSON.stringify(op)}`).toEqual(box.model.observe());
}

class OpCommand implements fc.AsyncCommand<ModelBox, ItemUnderTest> {
  constructor(readonly op: InventoryOp) {}
  check(): boolean {
    return true;
  }
  async run(box: ModelBox, real: ItemUnderTest): Promise<void> {
    const expected = box.model.apply(this.op);
    const actual = await real.exec(this.op);
    expect(actual, `outcome of ${JSON.stringify(this.op)}`).toBe(expected);
    assertStep(this.op, await real.observe(), box);
  }
  toString(): string {
    return JSON.stringify(this.op);
  }
}

const commands = (maxCommands: number) => fc.commands([inventoryOp.map((op) => new OpCommand(op))], { maxCommands });
const stock = fc.integer({ min: 0, max: 20 });
const reorderPoint = fc.integer({ min: 0, max: 8 });
let seq = 0;
const freshProductId = () => `prd_PROP${Date.now().toString(36).toUpperCase()}${(seq++).toString().padStart(6, "0")}`;

describe("inventory item against its model", () => {
  it("the pure decider keeps every invariant over long random histories", async () => {
    await fc.assert(
      fc.asyncProperty(stock, reorderPoint, commands(60), async (initial, rp, cmds) => {
        const model = new InventoryModel(initial, rp);
        const real = new PureItem(initial, rp);
        const box = { model, seenTerminal: new Map<string, HoldStatus>() };
        assertStep({ kind: "setReorderPoint", reorderPoint: rp }, await real.observe(), box);
        await fc.asyncModelRun(() => ({ model: box, real }), cmds);
      }),
      fcParams(600),
    );
  });

  it("the real object (RPC, SQLite, alarm) matches the model after every step", async () => {
    await fc.assert(
      fc.asyncProperty(stock, reorderPoint, commands(18), async (initial, rp, cmds) => {
        const real = await ObjectItem.create(freshProductId(), initial, rp);
        const box = { model: new InventoryModel(initial, rp), seenTerminal: new Map<string, HoldStatus>() };
        await fc.asyncModelRun(() => ({ model: box, real }), cmds);
      }),
      fcParams(25),
    );
  });

  it("concurrent commands interleaved by the scheduler are linearizable", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        stock,
        fc.array(inventoryOp, { maxLength: 4 }),
        fc.array(inventoryOp, { minLength: 2, maxLength: 5 }),
        async (s, initial, prefix, concurrent) => {
          const real = await ObjectItem.create(freshProductId(), initial, 3);
          const model = new InventoryModel(initial, 3);
          for (const op of prefix) expect(await real.exec(op)).toBe(model.apply(op));
          // The scheduler picks when each command is sent and when an expiry's alarm runs after its deadline moved.
          const gate = <T,>(p: Promise<T>) => s.schedule(p);
          const outcomes = concurrent.map((op) => s.schedule(Promise.resolve(op)).then((o) => real.exec(o, gate)));
          const observed = await s.waitFor(Promise.all(outcomes));
          const final = await real.observe();
          expect(invariantViolations(final)).toEqual([]);
          // Linearizability: some sequential order of the concurrent commands explains every answer and the end state.
          const explained = permutations(concurrent.map((op, i) => ({ op, i }))).some((order) => {
            const m = model.clone();
            return order.every(({ op, i }) => m.apply(op) === observed[i]) && canonical(m.observe()) === canonical(final);
          });
          expect(explained, `no sequential order explains ${JSON.stringify({ concurrent, observed, final })}`).toBe(true);
        },
      ),
      fcParams(20),
    );
  });
});
