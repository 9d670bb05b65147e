// Builds the Worker's static assets (wrangler.toml [assets], served by Cloudflare before the Worker runs, so they
// add nothing to the Worker bundle) into build/public/:
//   /               the demo storefront (storefront/index.html + storefront/src bundled by esbuild, no CDN)
//   /docs           the API reference: Swagger UI from the swagger-ui-dist npm package, reading /openapi.json
//   /_headers       a strict Content-Security-Policy for all of it (nothing outside this origin is loaded)
// Run by wrangler ([build] in wrangler.toml: dev and deploy), by vitest.config.ts and by `npm run build`.
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const out = path.join(root, "build", "public");
const swagger = path.dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));

rmSync(out, { recursive: true, force: true });
mkdirSync(path.join(out, "docs"), { recursive: true });
mkdirSync(path.join(out, "assets"), { recursive: true });

// API reference.
copyFileSync(path.join(swagger, "swagger-ui-bundle.js"), path.join(out, "docs", "swagger-ui-bundle.js"));
copyFileSync(path.join(swagger, "swagger-ui.css"), path.join(out, "docs", "swagger-ui.css"));
copyFileSync(path.join(root, "storefront", "docs", "index.html"), path.join(out, "docs", "index.html"));
copyFileSync(path.join(root, "storefront", "docs", "init.js"), path.join(out, "docs", "init.js"));

// Storefront.
copyFileSync(path.join(root, "storefront", "index.html"), path.join(out, "index.html"));
copyFileSync(path.join(root, "storefront", "src", "store.css"), path.join(out, "assets", "store.css"));
await build({
  entryPoints: [path.join(root, "storefront", "src", "main.ts")],
  outfile: path.join(out, "assets", "store.js"),
  bundle: true,
  format: "esm",
  target: "es2022",
  minify: true,
  sourcemap: true,
  logLevel: "warning",
});

// Swagger UI sets inline styles and data: icons; the storefront needs neither. Nothing leaves the origin.
const base = "default-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data:; font-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
writeFileSync(path.join(out, "_headers"), `/*
  X-Content-Type-Options: nosniff
  Referrer-Policy: no-referrer
  Content-Security-Policy: ${base}; style-src 'self'
/docs
  ! Content-Security-Policy
  Content-Security-Policy: ${base}; style-src 'self' 'unsafe-inline'
/docs/*
  ! Content-Security-Policy
  Content-Security-Policy: ${base}; style-src 'self' 'unsafe-inline'
`);
