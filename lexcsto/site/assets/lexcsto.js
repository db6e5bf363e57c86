/* lexcsto site behaviour: the date picker, tab addresses, the redline chooser and the notes in the margin.
   Vanilla, no network, no theme API beyond the tab markup of pymdownx (radio inputs and labels). */
(function () {
  "use strict";

  var each = function (list, f) { Array.prototype.forEach.call(list, f); };
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];

  function longDate(iso) {
    var p = iso.split("-");
    return parseInt(p[2], 10) + " " + MONTHS[parseInt(p[1], 10) - 1] + " " + p[0];
  }

  /* Open tab number n (from 1) of the tab set holding `set`. */
  function openTab(set, n) {
    var inputs = set.querySelectorAll(":scope > input[type=radio]");
    var input = inputs[n - 1];
    if (!input || input.checked) return;
    input.checked = true;
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  /* The tab set and tab number holding the element with this id, if any. */
  function tabOf(id) {
    var el = document.getElementById(id);
    var block = el && el.closest(".tabbed-block");
    if (!block) return null;
    var set = block.closest(".tabbed-set");
    var blocks = Array.prototype.slice.call(set.querySelectorAll(":scope > .tabbed-content > .tabbed-block"));
    return { set: set, n: blocks.indexOf(block) + 1 };
  }

  function setHash(hash) {
    if (window.history && history.replaceState) history.replaceState(null, "", hash);
  }

  function picker(box) {
    var input = box.querySelector("input[type=date]");
    var result = box.querySelector(".lx-asat-result");
    var link = box.querySelector(".lx-asat-link");
    var set = document.getElementById(box.getAttribute("data-target"));
    var steps = Array.prototype.slice.call(box.querySelectorAll(".lx-asat-steps > li"));
    var inForce = box.getAttribute("data-in-force");
    if (!input || !set || steps.length === 0) return null;

    function show(day, remember) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return;
      input.value = day;
      var step = null;
      steps.forEach(function (s) { if (s.getAttribute("data-from") <= day) step = s; });
      var text;
      if (!step) {
        text = "As at " + longDate(day) + ": no text of this instrument yet (signed " +
          longDate(box.getAttribute("data-signed")) + ").";
      } else {
        var status = "";
        if (inForce && day < inForce) status = "; signed, not yet in force that day";
        else if (inForce) {
          var since = step.getAttribute("data-from") > inForce ? step.getAttribute("data-from") : inForce;
          status = "; in force since " + longDate(since);
        }
        text = "As at " + longDate(day) + ": " + step.getAttribute("data-label") + ", " +
          step.getAttribute("data-reason") + status + ".";
        openTab(set, parseInt(step.getAttribute("data-tab"), 10));
      }
      result.textContent = text;
      if (link) link.setAttribute("href", "#as-at-" + day);
      if (remember) setHash("#as-at-" + day);
    }
    input.addEventListener("change", function () { show(input.value, true); });
    return show;
  }

  function fromAddress(pickers) {
    var hash = decodeURIComponent(location.hash.slice(1));
    var m = /^as-at-(\d{4}-\d{2}-\d{2})$/.exec(hash);
    if (m) {
      pickers.forEach(function (show) { show(m[1], false); });
      var box = document.querySelector("[data-lx-asat]");
      if (box) box.scrollIntoView();
      return;
    }
    var tab = hash && tabOf(hash);
    if (tab) {
      openTab(tab.set, tab.n);
      document.getElementById(hash).scrollIntoView();
    }
  }

  /* Choosing a tab gives the address of that text (#version-...), which a reader can cite. */
  function tabAddresses() {
    each(document.querySelectorAll(".tabbed-set > .tabbed-labels > label"), function (label) {
      label.addEventListener("click", function () {
        var input = document.getElementById(label.getAttribute("for"));
        var set = input && input.closest(".tabbed-set");
        if (!set) return;
        var inputs = Array.prototype.slice.call(set.querySelectorAll(":scope > input[type=radio]"));
        var block = set.querySelectorAll(":scope > .tabbed-content > .tabbed-block")[inputs.indexOf(input)];
        var version = block && block.querySelector("[id^=version-], [id^=as-at-]");
        if (version) setHash("#" + version.id);
      });
    });
  }

  function chooser(box) {
    if (box.getAttribute("data-lx-ready")) return;
    box.setAttribute("data-lx-ready", "1");
    var from = box.querySelector("[data-lx-from]");
    var to = box.querySelector("[data-lx-to]");
    var pairs = Array.prototype.slice.call(box.querySelectorAll(".lx-pair"));
    var same = box.querySelector(".lx-chooser-same");
    if (!from || !to || pairs.length === 0) return;
    var start = box.querySelector(".lx-pair[data-default]") || pairs[0];
    from.value = start.getAttribute("data-from");
    to.value = start.getAttribute("data-to");
    function show() {
      var a = from.value, b = to.value;
      pairs.forEach(function (p) {
        var f = p.getAttribute("data-from"), t = p.getAttribute("data-to");
        p.hidden = !((f === a && t === b) || (f === b && t === a));
      });
      if (same) same.hidden = a !== b;
    }
    from.addEventListener("change", show);
    to.addEventListener("change", show);
    show();
  }

  /* A note and the words it is on light up together, by mouse (hover) and by keyboard (focus). */
  function notes(root) {
    function toggle(id, on) {
      each(root.querySelectorAll("[data-note]"), function (el) {
        if (el.getAttribute("data-note") === id) el.classList.toggle("lx-active", on);
      });
    }
    each(root.querySelectorAll("mark.lx-anchor[data-note], a.lx-noteref, aside.lx-note[data-note]"), function (el) {
      var id = el.getAttribute("data-note");
      el.addEventListener("mouseenter", function () { toggle(id, true); });
      el.addEventListener("mouseleave", function () { toggle(id, false); });
      el.addEventListener("focusin", function () { toggle(id, true); });
      el.addEventListener("focusout", function () { toggle(id, false); });
    });
  }

  /* Material's search is a dialog with no name, and a strip of tabs that scrolls cannot be reached by
     keyboard: both fixed here, on every page, rather than in copies of the theme's templates. */
  function accessibility() {
    each(document.querySelectorAll(".md-search[role=dialog]"), function (d) {
      if (!d.getAttribute("aria-label")) d.setAttribute("aria-label", "Search");
    });
    each(document.querySelectorAll(".tabbed-labels"), function (strip) {
      if (!strip.hasAttribute("tabindex")) strip.setAttribute("tabindex", "0");
    });
  }

  function setup() {
    accessibility();
    each(document.querySelectorAll("[data-lx-chooser]"), chooser);
    notes(document);
    tabAddresses();
    var pickers = [];
    each(document.querySelectorAll("[data-lx-asat]"), function (box) {
      var show = picker(box);
      if (show) pickers.push(show);
    });
    fromAddress(pickers);
    window.addEventListener("hashchange", function () { fromAddress(pickers); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
