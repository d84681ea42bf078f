// Story page: highlight a selected claim's matches in the other columns, and keyboard
// shortcuts. The page works without this file; it only makes reading faster.
(function () {
  "use strict";

  function claims(selector) {
    return Array.from(document.querySelectorAll(selector || ".columns a.claim"));
  }

  function scrollIntoColumn(element) {
    var body = element.closest(".column-body") || element.closest(".column");
    if (!body) return;
    var top = element.getBoundingClientRect().top - body.getBoundingClientRect().top;
    if (top < 40 || top > body.clientHeight - 60) {
      body.scrollTop += top - body.clientHeight / 3;
    }
  }

  // Mirror the panel's state (selected claim, its matches) onto the columns.
  function applySelection() {
    var panel = document.getElementById("panel");
    if (!panel) return;
    var selected = panel.dataset.selected || "";
    var matches = (panel.dataset.matches || "").split(",").filter(Boolean);
    var related = (panel.dataset.related || "").split(",").filter(Boolean);
    claims().forEach(function (link) {
      var id = link.dataset.claim;
      link.classList.toggle("is-selected", id === selected);
      link.classList.toggle("is-match", matches.indexOf(id) !== -1);
      link.classList.toggle("is-related", related.indexOf(id) !== -1);
      if (id === selected) link.setAttribute("aria-current", "true");
      else link.removeAttribute("aria-current");
    });
    // Bring the best match of each column into view (the panel lists them best first).
    var scrolled = [];
    (selected ? [selected] : []).concat(matches).forEach(function (id) {
      var link = document.getElementById("c" + id);
      var column = link && link.closest(".column");
      if (!column || scrolled.indexOf(column) !== -1) return;
      scrolled.push(column);
      scrollIntoColumn(link);
    });
  }

  // After an edit in the panel, show the claim's new tags and status in its column too.
  function syncMarks() {
    var source = document.querySelector("#panel template[data-marks-for]");
    var link = source && document.getElementById("c" + source.dataset.marksFor);
    var icon = link && link.nextElementSibling;
    if (!icon || !icon.classList.contains("state-icon")) return;
    var old = icon.nextElementSibling;
    if (old && old.classList.contains("claim-marks")) old.remove();
    var fresh = source.content.querySelector(".claim-marks");
    if (fresh) icon.after(fresh.cloneNode(true));
  }

  function move(selector, step) {
    var list = claims(selector);
    if (!list.length) return;
    var all = claims();
    var current = document.activeElement && document.activeElement.matches("a.claim")
      ? document.activeElement
      : document.querySelector(".columns a.claim.is-selected");
    var index;
    if (!current) {
      index = step > 0 ? 0 : list.length - 1;
    } else {
      // Next in reading order among `list`, starting from the current claim.
      var position = all.indexOf(current);
      var after = list.filter(function (el) { return all.indexOf(el) > position; });
      var before = list.filter(function (el) { return all.indexOf(el) < position; });
      var target = step > 0 ? after[0] || list[0] : before[before.length - 1] || list[list.length - 1];
      index = list.indexOf(target);
    }
    var next = list[index];
    next.focus({ preventScroll: true });
    scrollIntoColumn(next);
  }

  function typing(event) {
    var target = event.target;
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event)) return;
    var dialog = document.getElementById("shortcuts");
    if (event.key === "Escape") {
      if (dialog && dialog.open) return; // the dialog closes itself
      var close = document.querySelector("#panel [data-close]");
      if (close) { event.preventDefault(); close.click(); }
      return;
    }
    if (dialog && dialog.open) return;
    switch (event.key) {
      case "j": move(null, 1); break;
      case "k": move(null, -1); break;
      case "n": move(".columns a.claim.state-diverging", 1); break;
      case "p": move(".columns a.claim.state-diverging", -1); break;
      case "?": if (dialog) dialog.showModal(); break;
      default: return;
    }
    event.preventDefault();
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-shortcuts]");
    if (button) document.getElementById("shortcuts").showModal();
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.target && event.target.id === "panel") { applySelection(); syncMarks(); }
  });
  document.addEventListener("htmx:historyRestore", applySelection);
  window.addEventListener("popstate", function () { setTimeout(applySelection, 0); });
  document.addEventListener("DOMContentLoaded", applySelection);
})();
