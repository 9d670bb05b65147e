// Interactive API reference: Scalar's standalone bundle reading /openapi.json. The page needs network access to
// the CDN for the viewer script; the document itself is served by this Worker.
export function docsPage(specUrl: string): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <meta name="viewport" content="width=device-width, initial-scale=1" />
  <title>Edge Commerce API reference</title>
</head>
<body>
  <noscript>The OpenAPI document is at <a href="${specUrl}">${specUrl}</a>.</noscript>
  <script id="api-reference" data-url="${specUrl}"></script>
  <script src="https://cdn.jsdelivr.net/npm/@scalar/api-reference@1"></script>
</body>
</html>`;
}
