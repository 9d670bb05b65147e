// The subset of toucan-js this module uses. Its own typings pull in @cloudflare/workers-types, whose global
// `Env` and `Cloudflare` declarations clash with the ones `wrangler types` generates, so we import the ESM build
// by path and describe it here instead.
declare module "toucan-js/dist/index.esm.js" {
  export interface SentryEvent {
    request?: unknown;
    user?: unknown;
    breadcrumbs?: unknown;
    message?: string;
    exception?: { values?: { value?: string }[] };
  }
  export interface ToucanOptions {
    dsn: string;
    context: { waitUntil(promise: Promise<unknown>): void };
    environment?: string;
    defaultIntegrations?: false;
    sendDefaultPii?: boolean;
    beforeSend?(event: SentryEvent): SentryEvent | null;
  }
  export class Toucan {
    constructor(options: ToucanOptions);
    setTags(tags: Record<string, string>): void;
    captureException(exception: unknown): string;
  }
}
