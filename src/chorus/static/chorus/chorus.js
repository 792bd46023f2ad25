// Progressive enhancements only: every page works without this file.
(function () {
  "use strict";

  // Placement form: fill the outlet from the URL's domain when the outlet is still empty.
  function wireOutletFromUrl() {
    var url = document.querySelector("[data-outlet-lookup]");
    var outlet = document.getElementById("id_outlet_name");
    if (!url || !outlet) return;
    url.addEventListener("change", function () {
      if (outlet.value.trim() !== "" || url.value.trim() === "") return;
      var endpoint = url.getAttribute("data-outlet-lookup") + "?url=" + encodeURIComponent(url.value);
      fetch(endpoint, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (data && data.name && outlet.value.trim() === "") {
            outlet.value = data.name;
            var note = document.getElementById("outlet-from-url");
            if (note) note.textContent = "Outlet filled in from the link: " + data.name + ".";
          }
        })
        .catch(function () { /* the user can still type the outlet */ });
    });
  }

  // Outlet auto-complete: suggestions as the user types, in a native <datalist>.
  function wireOutletSuggestions() {
    var input = document.querySelector("[data-outlet-suggest]");
    if (!input) return;
    var list = document.getElementById(input.getAttribute("list"));
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = input.value.trim();
        if (q.length < 1) return;
        fetch(input.getAttribute("data-outlet-suggest") + "?q=" + encodeURIComponent(q), { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : { results: [] }; })
          .then(function (data) {
            list.replaceChildren();
            data.results.forEach(function (item) {
              var option = document.createElement("option");
              option.value = item.name;
              list.appendChild(option);
            });
          });
      }, 150);
    });
  }

  // Period picker: choosing a financial year fills the from / to dates.
  function wirePeriodPicker() {
    var select = document.querySelector("[data-period-presets]");
    if (!select) return;
    select.addEventListener("change", function () {
      var parts = select.value.split("..");
      if (parts.length !== 2) return;
      document.getElementById("id_date_from").value = parts[0];
      document.getElementById("id_date_to").value = parts[1];
      select.form.submit();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    wireOutletFromUrl();
    wireOutletSuggestions();
    wirePeriodPicker();
  });
})();
