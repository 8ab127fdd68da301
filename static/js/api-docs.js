// Swagger UI for /api/docs: reads the OpenAPI document named on the page's root element.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  window.SwaggerUIBundle({
    url: root.getAttribute("data-openapi-url"),
    domNode: root,
    deepLinking: true,
    tryItOutEnabled: false,
  });
})();
