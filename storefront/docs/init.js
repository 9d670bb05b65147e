// Swagger UI (swagger-ui-dist, served from this origin) reading this Worker's /openapi.json. No validator badge
// (it would call an outside service), no outside links fetched.
const target = document.getElementById("api-reference");
window.SwaggerUIBundle({
  url: target.dataset.url,
  domNode: target,
  validatorUrl: null,
  deepLinking: true,
  docExpansion: "list",
  defaultModelsExpandDepth: 0,
  tryItOutEnabled: false,
  persistAuthorization: true,
});
