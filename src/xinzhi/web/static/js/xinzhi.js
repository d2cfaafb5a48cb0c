/* Small enhancements shared by every page; each page works without them. */
(function () {
  "use strict";

  // Search and filter forms: leave empty fields out of the URL (…?q=电池, not …&field=&status=).
  document.addEventListener("htmx:configRequest", function (event) {
    var detail = event.detail;
    if (detail.verb !== "get") { return; }
    var params = detail.parameters;
    var names = typeof params.keys === "function" ? Array.from(params.keys()) : Object.keys(params);
    names.forEach(function (name) {
      var value = typeof params.get === "function" ? params.get(name) : params[name];
      if (value === "" || value === null) {
        if (typeof params.delete === "function") { params.delete(name); } else { delete params[name]; }
      }
    });
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || form.method.toLowerCase() !== "get") { return; }
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name && el.value === "" && !el.disabled) {
        el.disabled = true;
        window.setTimeout(function () { el.disabled = false; }, 0);
      }
    });
  }, true);
})();
