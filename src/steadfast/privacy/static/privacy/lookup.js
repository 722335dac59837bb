// Ref pickers of the privacy forms: a text input of refs separated by commas, with a datalist that
// suggests (from /privacy/lookup/) the refs matching what is typed after the last comma. Choosing a
// suggestion keeps the refs before it. Works with thousands of suppliers: at most 20 come back.
(function () {
  "use strict";
  if (window.privacyLookup) { return; }
  window.privacyLookup = true;
  function attach(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var value = input.value;
        var cut = value.lastIndexOf(",");
        var head = cut >= 0 ? value.slice(0, cut + 1) + " " : "";
        var term = value.slice(cut + 1).trim();
        if (term.length < 2) { return; }
        var url = input.dataset.lookup + "&q=" + encodeURIComponent(term);
        var framework = input.dataset.lookupFramework && document.getElementById(input.dataset.lookupFramework);
        if (framework) { url += "&framework=" + encodeURIComponent(framework.value); }
        fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
          .then(function (r) { return r.ok ? r.json() : {items: []}; })
          .then(function (data) {
            list.textContent = "";
            data.items.forEach(function (item) {
              var option = document.createElement("option");
              option.value = head + item.value;
              option.label = item.label;
              list.appendChild(option);
            });
          });
      }, 250);
    });
  }
  function init() { document.querySelectorAll("input[data-lookup]").forEach(attach); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
