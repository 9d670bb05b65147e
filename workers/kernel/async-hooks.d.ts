// The part of node:async_hooks that workerd provides under nodejs_compat and that we use (no @types/node here:
// the Worker is not a Node program, and its whole typings would let Node-only APIs type-check).
declare module "node:async_hooks" {
  export class AsyncLocalStorage<T> {
    run<R>(store: T, fn: () => R): R;
    getStore(): T | undefined;
  }
}
