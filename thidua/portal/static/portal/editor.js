/* Tiny formatting toolbar for the article body (a plain textarea without it). The server
   sanitizes whatever is typed; this only saves typing tags. */
(function () {
  "use strict";
  function wrap(area, open, close) {
    var start = area.selectionStart, end = area.selectionEnd, text = area.value;
    var chosen = text.slice(start, end);
    area.value = text.slice(0, start) + open + chosen + close + text.slice(end);
    area.focus();
    area.selectionStart = start + open.length;
    area.selectionEnd = start + open.length + chosen.length;
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest(".editor-toolbar button") : null;
    if (!button) { return; }
    var bar = button.parentElement;
    var area = document.getElementById(bar.getAttribute("data-for"));
    if (!area) { return; }
    var tag = button.getAttribute("data-wrap");
    if (tag) { wrap(area, "<" + tag + ">", "</" + tag + ">"); return; }
    var list = button.getAttribute("data-list");
    if (list) {
      var start = area.selectionStart, end = area.selectionEnd;
      var lines = area.value.slice(start, end).split("\n").filter(function (l) { return l.trim(); });
      var items = lines.map(function (l) { return "  <li>" + l + "</li>"; }).join("\n");
      area.setRangeText("<" + list + ">\n" + (items || "  <li></li>") + "\n</" + list + ">", start, end, "end");
      area.focus();
      return;
    }
    if (button.hasAttribute("data-link")) {
      var url = window.prompt("URL (https://…)", "https://");
      if (url) { wrap(area, '<a href="' + url.replace(/"/g, "") + '">', "</a>"); }
    }
  });
})();
