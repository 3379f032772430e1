/* kaigiroku: small enhancements; every page works without this file. */
(function () {
  "use strict";

  // On phones the facets sit above the results and the attendee lists above the transcript:
  // start them folded so the content is near.
  function foldOnPhones() {
    if (!window.matchMedia || !window.matchMedia("(max-width: 760px)").matches) return;
    var boxes = document.querySelectorAll(".facets details.facets-box, details.attendees-box");
    for (var i = 0; i < boxes.length; i++) boxes[i].open = false;
  }

  // Arriving at #r12 (from a search hit or a citation): move focus to that record so
  // keyboard and screen reader users start there too, and keep it in view.
  function focusTarget() {
    var id = (location.hash || "").slice(1);
    if (!/^(r\d+|item-\d+)$/.test(id)) return;
    var el = document.getElementById(id);
    if (!el) return;
    if (!el.hasAttribute("tabindex")) el.setAttribute("tabindex", "-1");
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: "start" });
  }

  // Leave empty fields out of the URL (from=&until= say nothing).
  function dropEmptyFields(event) {
    var fields = event.target.querySelectorAll("input[name]");
    for (var i = 0; i < fields.length; i++) {
      if (fields[i].type !== "hidden" && fields[i].name !== "q" && !fields[i].value.trim()) {
        fields[i].disabled = true;
      }
    }
  }

  // Coming back to the page (back button, page cache): the fields are usable again.
  window.addEventListener("pageshow", function () {
    var fields = document.querySelectorAll("form.search input[disabled]");
    for (var i = 0; i < fields.length; i++) fields[i].disabled = false;
  });

  document.addEventListener("DOMContentLoaded", function () {
    var forms = document.querySelectorAll("form.search");
    for (var i = 0; i < forms.length; i++) forms[i].addEventListener("submit", dropEmptyFields);
    foldOnPhones();
    focusTarget();
  });
  window.addEventListener("hashchange", focusTarget);
})();
