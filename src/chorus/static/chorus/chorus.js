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

  // The round-up draft: after a story moves (htmx swaps its section), focus stays on the
  // button that was pressed, or on its neighbour when the story reached the end.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.target;
    var wanted = document.querySelector("[data-focus-after-swap]");
    if (!target || !wanted) return;
    if (wanted.disabled) {
      var other = wanted.parentElement.querySelector("button:not([disabled])");
      wanted = other || wanted.closest("li");
      if (wanted && wanted.tagName === "LI") wanted.setAttribute("tabindex", "-1");
    }
    if (wanted) wanted.focus();
  });

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

// --- Round-up delivery: live progress of a send -------------------------------------
// The send page marks its progress section with data-send-progress; this polls the
// JSON endpoint in data-url and updates the counts and the bar. When the send changes
// status (done, paused) the page reloads once to show the right buttons.
(function () {
  "use strict";

  var ACTIVE = { scheduled: true, sending: true };

  function formatEta(seconds) {
    if (!seconds) return "";
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return m > 0 ? "about " + m + " min " + s + " s left" : "about " + s + " seconds left";
  }

  function update(section, state) {
    var bar = section.querySelector("[data-progress-bar]");
    if (bar) {
      bar.max = state.total || 1;
      bar.value = state.finished;
      bar.textContent = state.percent + "%";
    }
    var fields = { finished: state.finished, total: state.total, percent: state.percent };
    Object.keys(fields).forEach(function (name) {
      var el = section.querySelector("[data-progress-" + name + "]");
      if (el) el.textContent = fields[name];
    });
    Object.keys(state.counts || {}).forEach(function (name) {
      var el = section.querySelector('[data-count="' + name + '"]');
      if (el) el.textContent = state.counts[name];
    });
    var summary = section.querySelector("[data-progress-summary]");
    if (summary) {
      var parts = [state.status_label];
      if (state.rate_per_second) parts.push(state.rate_per_second + " a second");
      if (state.eta_seconds) parts.push(formatEta(state.eta_seconds));
      summary.textContent = parts.join(" · ");
    }
  }

  function wireSendProgress() {
    var section = document.querySelector("[data-send-progress]");
    if (!section || !window.fetch) return;
    var url = section.getAttribute("data-url");
    var initial = section.getAttribute("data-status");
    if (!ACTIVE[initial]) return;
    function poll() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (state) {
          if (!state) return;
          if (state.status !== initial) { window.location.reload(); return; }
          update(section, state);
          window.setTimeout(poll, 2000);
        })
        .catch(function () { window.setTimeout(poll, 10000); });
    }
    window.setTimeout(poll, 2000);
  }

  document.addEventListener("DOMContentLoaded", wireSendProgress);
})();
// --- end of round-up delivery -------------------------------------------------------

// A form that failed validation: focus moves to its error summary, whose links move
// focus to each field in error.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) return;
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var field = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!field) return;
      event.preventDefault();
      field.focus();
    });
  });
})();

// Messages shown after a form posts and the page reloads (e.g. "Left out: …" in the
// round-up draft) are read out: a live region present from the start, filled a moment
// after the page loads, is announced where text already there on load is not.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var messages = document.querySelector(".messages");
    if (!messages) return;
    var region = document.createElement("p");
    region.className = "visually-hidden";
    region.setAttribute("role", "status");
    region.setAttribute("data-announce", "");
    document.body.appendChild(region);
    window.setTimeout(function () { region.textContent = messages.textContent.replace(/\s+/g, " ").trim(); }, 300);
  });
})();
