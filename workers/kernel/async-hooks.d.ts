// The part of node:async_hooks the binding meter uses (workerd provides it under nodejs_compat; @types/node is not
// a dependency of this project).
declare module "node:async_hooks" {
  export class AsyncLocalStorage<T> {
    getStore(): T | undefined;
    run<R>(store: T, callback: () => R): R;
  }
}
