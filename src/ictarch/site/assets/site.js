/* ictarch site: zoom for diagrams, and the search page. Written for this site; no library.
   Everything works without it: diagrams scroll, and the element lists stand in for search. */
(function () {
  "use strict";

  // -- diagrams: zoom in and out, fit to width, actual size -----------------
  function setUpDiagram(figure) {
    var frame = figure.querySelector(".diagram-frame");
    var svg = frame && frame.querySelector("svg");
    var tools = figure.querySelector(".diagram-tools");
    if (!svg || !tools) { return; }
    var box = svg.viewBox && svg.viewBox.baseVal;
    var natural = box && box.width ? box.width * 4 / 3 : svg.getBoundingClientRect().width;
    var scale = null; // null: fit to width (the stylesheet's default)
    function apply() {
      if (scale === null) {
        frame.classList.remove("zoomed");
        svg.style.width = "";
        svg.style.height = "";
      } else {
        frame.classList.add("zoomed");
        svg.style.width = Math.round(natural * scale) + "px";
        svg.style.height = "auto";
      }
    }
    function current() {
      return scale === null ? svg.getBoundingClientRect().width / natural : scale;
    }
    tools.hidden = false;
    tools.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-zoom]");
      if (!button) { return; }
      var action = button.getAttribute("data-zoom");
      if (action === "in") { scale = Math.min(current() * 1.25, 8); }
      else if (action === "out") { scale = Math.max(current() / 1.25, 0.1); }
      else if (action === "actual") { scale = 1; }
      else { scale = null; }
      apply();
    });
  }

  // -- search: ids and names, accents and case ignored -----------------------
  function fold(text) {
    return text.normalize("NFD").replace(/\p{Mn}/gu, "")
      .replace(/\u0111/g, "d").replace(/\u0110/g, "D")
      .toLowerCase().split(/\s+/).filter(Boolean).join(" ");
  }

  var SHOWN = 200;

  function search(query) {
    var words = fold(query).split(" ").filter(Boolean);
    var index = window.ICTARCH_SEARCH || [];
    if (!words.length) { return []; }
    var found = [];
    for (var i = 0; i < index.length; i++) {
      var row = index[i];
      var key = row[4];
      var all = true;
      for (var w = 0; w < words.length; w++) {
        if (key.indexOf(words[w]) < 0) { all = false; break; }
      }
      if (!all) { continue; }
      var id = row[0];
      var whole = words.join(" ");
      var rank = id === whole ? 0 : id.indexOf(whole) === 0 ? 1 : 2;
      found.push([rank, i, row]);
    }
    found.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    return found.map(function (item) { return item[2]; });
  }

  function text(parent, tag, content, className) {
    var node = document.createElement(tag);
    node.textContent = content;
    if (className) { node.className = className; }
    parent.appendChild(node);
    return node;
  }

  function showResults(output, query) {
    output.textContent = "";
    if (!fold(query)) { return; }
    var found = search(query);
    var summary = found.length === 0 ? output.getAttribute("data-none")
      : found.length === 1 ? output.getAttribute("data-one")
      : output.getAttribute("data-many").replace("{count}", String(found.length));
    if (found.length > SHOWN) {
      summary += " " + output.getAttribute("data-shown").replace("{shown}", String(SHOWN));
    }
    text(output, "p", summary);
    var list = document.createElement("ol");
    found.slice(0, SHOWN).forEach(function (row) {
      var item = document.createElement("li");
      var link = text(item, "a", row[1]);
      link.setAttribute("href", row[3]);
      item.appendChild(document.createTextNode(" "));
      text(item, "code", row[0]);
      item.appendChild(document.createTextNode(" "));
      text(item, "span", row[2], "note");
      list.appendChild(item);
    });
    output.appendChild(list);
  }

  function setUpSearch(output) {
    var input = document.getElementById("search-query");
    var params = new URLSearchParams(window.location.search);
    var query = params.get("q") || "";
    input.value = query;
    var header = document.getElementById("site-search");
    if (header) { header.value = query; }
    showResults(output, query);
    input.addEventListener("input", function () {
      showResults(output, input.value);
      var url = new URL(window.location.href);
      url.searchParams.set("q", input.value);
      try { window.history.replaceState(null, "", url.href); } catch (ignored) { /* file:// */ }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("figure.diagram"), setUpDiagram);
    var output = document.getElementById("search-results");
    if (output) { setUpSearch(output); }
  });
})();
