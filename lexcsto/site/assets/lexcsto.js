/* lexcsto site behaviour: the redline chooser and note highlighting. Vanilla, no network, no theme API. */
(function () {
  "use strict";

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

  function notes(root) {
    Array.prototype.forEach.call(root.querySelectorAll("mark.lx-anchor[data-note]"), function (mark) {
      var version = mark.closest(".lx-version") || root;
      var id = mark.getAttribute("data-note");
      function toggle(on) {
        Array.prototype.forEach.call(version.querySelectorAll("aside[data-note]"), function (aside) {
          if (aside.getAttribute("data-note") === id) aside.classList.toggle("lx-active", on);
        });
        mark.classList.toggle("lx-active", on);
      }
      mark.addEventListener("mouseenter", function () { toggle(true); });
      mark.addEventListener("mouseleave", function () { toggle(false); });
    });
  }

  function setup() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-lx-chooser]"), chooser);
    notes(document);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
