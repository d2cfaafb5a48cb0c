/* Form widgets: the 省/市/区 picker, tables of rows added and removed in place, and tags.
 * Every form works without this file (the server renders each widget's current state);
 * no inline scripts or on* attributes, so a Content-Security-Policy of script-src 'self' holds. */
(function () {
  "use strict";

  function clearFrom(selects, depth) {
    for (var i = depth; i < selects.length; i++) {
      var sel = selects[i];
      while (sel.options.length > 1) { sel.remove(1); }
      sel.value = "";
    }
  }

  function fill(select, items) {
    items.forEach(function (item) {
      var option = document.createElement("option");
      option.value = item.code;
      option.textContent = item.name;
      select.appendChild(option);
    });
  }

  function regionPicker(box) {
    var selects = Array.prototype.slice.call(box.querySelectorAll("select[data-level]"));
    selects.forEach(function (select, depth) {
      select.addEventListener("change", function () {
        clearFrom(selects, depth + 1);
        if (!select.value || depth + 1 >= selects.length) { return; }
        fetch("/regions/children?code=" + encodeURIComponent(select.value), {
          headers: { Accept: "application/json" }
        }).then(function (r) { return r.ok ? r.json() : []; }).then(function (items) {
          fill(selects[depth + 1], items);
        });
      });
    });
  }

  function renumber(body) {
    Array.prototype.forEach.call(body.rows, function (row, index) {
      Array.prototype.forEach.call(row.querySelectorAll("input"), function (input) {
        input.name = input.name.replace(/-(\d+|__i__)-/, "-" + index + "-");
        input.setAttribute("aria-label",
          (input.getAttribute("aria-label") || "").replace(/\d+|__n__/, String(index + 1)));
      });
    });
  }

  function rowsField(box) {
    var body = box.querySelector("[data-rows-body]");
    var template = box.querySelector("template[data-row-template]");
    box.addEventListener("click", function (event) {
      var target = event.target;
      if (!(target instanceof HTMLElement)) { return; }
      if (target.hasAttribute("data-row-add")) {
        body.appendChild(template.content.cloneNode(true));
        renumber(body);
        var inputs = body.rows[body.rows.length - 1].querySelectorAll("input");
        if (inputs.length) { inputs[0].focus(); }
      } else if (target.hasAttribute("data-row-remove")) {
        var row = target.closest("tr");
        if (row) { row.remove(); renumber(body); }
        box.querySelector("[data-row-add]").focus();
      }
    });
  }

  var SEPARATORS = /[;；,，、\n]+/;

  function tagsField(input) {
    var wrap = document.createElement("div");
    wrap.className = "tags";
    var list = document.createElement("ul");
    list.className = "tag-list";
    var entry = document.createElement("input");
    entry.type = "text";
    entry.className = "tag-entry";
    entry.setAttribute("aria-label", input.getAttribute("data-add-label") || "");
    var describedBy = input.getAttribute("aria-describedby");
    if (describedBy) { entry.setAttribute("aria-describedby", describedBy); }
    var removeLabel = input.getAttribute("data-remove-label") || "× __tag__";

    function values() {
      return input.value.split(SEPARATORS).map(function (v) { return v.trim(); })
        .filter(function (v) { return v; });
    }
    function render() {
      list.textContent = "";
      values().forEach(function (tag, index) {
        var item = document.createElement("li");
        item.className = "tag";
        item.appendChild(document.createTextNode(tag));
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "tag-remove";
        remove.textContent = "×";
        remove.setAttribute("aria-label", removeLabel.replace("__tag__", tag));
        remove.addEventListener("click", function () {
          var kept = values();
          kept.splice(index, 1);
          input.value = kept.join("；");
          render();
          entry.focus();
        });
        item.appendChild(remove);
        list.appendChild(item);
      });
    }
    function add() {
      var typed = entry.value.split(SEPARATORS).map(function (v) { return v.trim(); })
        .filter(function (v) { return v; });
      if (!typed.length) { return; }
      var all = values();
      typed.forEach(function (v) { if (all.indexOf(v) < 0) { all.push(v); } });
      input.value = all.join("；");
      entry.value = "";
      render();
    }
    entry.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === ";" || event.key === "；") {
        event.preventDefault();
        add();
      } else if (event.key === "Backspace" && !entry.value) {
        var kept = values();
        kept.pop();
        input.value = kept.join("；");
        render();
      }
    });
    entry.addEventListener("blur", add);
    input.type = "hidden";
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(list);
    wrap.appendChild(entry);
    var label = document.querySelector('label[for="' + input.id + '"]');
    if (label) { label.setAttribute("for", ""); entry.id = input.id + "-entry"; label.htmlFor = entry.id; }
    render();
  }

  function enhance(root) {
    Array.prototype.forEach.call(root.querySelectorAll("[data-region-picker]"), regionPicker);
    Array.prototype.forEach.call(root.querySelectorAll("[data-rows]"), rowsField);
    Array.prototype.forEach.call(root.querySelectorAll("input[data-tags]"), tagsField);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  } else {
    enhance(document);
  }
})();
