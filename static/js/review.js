// Review queue: j/k move between links, a/r/d accept, reject or mark as diverging the
// current link, then move on to the next undecided one. The queue works without this file.
(function () {
  "use strict";

  function items() {
    return Array.from(document.querySelectorAll(".queue-item"));
  }

  function current() {
    return document.querySelector(".queue-item.is-current");
  }

  function select(item) {
    if (!item) return;
    items().forEach(function (el) { el.classList.toggle("is-current", el === item); });
    item.focus({ preventScroll: true });
    item.scrollIntoView({ block: "nearest" });
  }

  function step(from, direction, undecidedOnly) {
    var list = items().filter(function (el) {
      return !undecidedOnly || !el.classList.contains("is-decided") || el === from;
    });
    var index = list.indexOf(from);
    if (index === -1) return list[0];
    return list[index + direction] || null;
  }

  function typing(event) {
    var target = event.target;
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event)) return;
    var item = current();
    if (event.key === "j" || event.key === "k") {
      select(item ? step(item, event.key === "j" ? 1 : -1, false) || item : items()[0]);
    } else if (event.key === "a" || event.key === "r" || event.key === "d") {
      if (!item) { select(items()[0]); item = current(); }
      var button = item && item.querySelector('button[data-key="' + event.key + '"]');
      if (!button) return;
      button.click();
    } else {
      return;
    }
    event.preventDefault();
  });

  document.addEventListener("focusin", function (event) {
    var item = event.target.closest && event.target.closest(".queue-item");
    if (item && !item.classList.contains("is-current")) {
      items().forEach(function (el) { el.classList.toggle("is-current", el === item); });
    }
  });

  // After a decision the item comes back decided: move on to the next undecided link.
  // (htmx:load, because the swapped-out item no longer bubbles htmx's swap events.)
  document.addEventListener("htmx:load", function (event) {
    var fresh = event.target;
    if (!fresh.classList || !fresh.classList.contains("queue-item")) return;
    if (!fresh.classList.contains("is-decided")) { select(fresh); return; }
    var list = items();
    var next = list.slice(list.indexOf(fresh) + 1).find(function (el) {
      return !el.classList.contains("is-decided");
    });
    select(next || fresh);
  });

  document.addEventListener("DOMContentLoaded", function () { select(items()[0]); });
})();
