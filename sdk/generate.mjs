// The SDK's types, generated from the Worker's /openapi.json by openapi-typescript. Used by `npm run sdk:generate`
// (writes sdk/src/schema.ts) and by the test that fails when the committed file is out of date with the document.
import openapiTS, { astToString } from "openapi-typescript";

const HEADER = "// Generated from /openapi.json by openapi-typescript (npm run sdk:generate). Do not edit.\n\n";

/** The TypeScript source of sdk/src/schema.ts for an OpenAPI document. */
export async function schemaSource(doc) {
  const ast = await openapiTS(doc, { alphabetize: true });
  return HEADER + astToString(ast);
}
