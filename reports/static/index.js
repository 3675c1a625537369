"use strict";
// The index table: filter by jurisdiction, kind, finding code and name; sort by any column.
// Rows are rendered in the page; this only hides and reorders them, so 10,000 rows stay quick.
(function () {
  var table = document.getElementById("units");
  var tbody = table.tBodies[0];
  var shown = document.getElementById("shown");
  var empty = document.getElementById("empty");
  var f = {
    j: document.getElementById("f-j"),
    k: document.getElementById("f-k"),
    c: document.getElementById("f-c"),
    q: document.getElementById("f-q")
  };
  var collator = new Intl.Collator("zh-CN", {numeric: true});
  var rows = Array.prototype.map.call(tbody.rows, function (tr) {
    return {
      tr: tr,
      j: tr.getAttribute("data-j"),
      k: tr.getAttribute("data-k"),
      c: " " + tr.getAttribute("data-c") + " ",
      q: tr.cells[0].textContent.toLowerCase(),
      keys: {}
    };
  });

  function apply() {
    var j = f.j.value, k = f.k.value, c = f.c.value ? " " + f.c.value + " " : "";
    var q = f.q.value.trim().toLowerCase();
    var n = 0;
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      var ok = (!j || r.j === j) && (!k || r.k === k) && (!c || r.c.indexOf(c) >= 0) && (!q || r.q.indexOf(q) >= 0);
      if (r.tr.hidden === ok) { r.tr.hidden = !ok; }
      if (ok) { n++; }
    }
    shown.textContent = "显示 " + n + " / " + rows.length;
    empty.hidden = n > 0;
  }

  function key(r, col, numeric) {
    if (!(col in r.keys)) {
      var cell = r.tr.cells[col];
      var v = cell.hasAttribute("data-v") ? cell.getAttribute("data-v") : cell.textContent;
      r.keys[col] = numeric ? (v === "" ? -Infinity : Number(v)) : v;
    }
    return r.keys[col];
  }

  var current = {col: -1, dir: 1};
  function sortBy(th) {
    var col = th.cellIndex, numeric = th.getAttribute("data-type") === "num";
    current.dir = current.col === col ? -current.dir : (numeric ? -1 : 1);
    current.col = col;
    var dir = current.dir;
    rows.sort(function (a, b) {
      var x = key(a, col, numeric), y = key(b, col, numeric);
      var d = numeric ? (x < y ? -1 : x > y ? 1 : 0) : collator.compare(x, y);
      return d * dir;
    });
    var frag = document.createDocumentFragment();
    for (var i = 0; i < rows.length; i++) { frag.appendChild(rows[i].tr); }
    tbody.appendChild(frag);
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending");
  }

  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
    var button = th.querySelector("button");
    if (button) { button.addEventListener("click", function () { sortBy(th); }); }
  });
  f.j.addEventListener("change", apply);
  f.k.addEventListener("change", apply);
  f.c.addEventListener("change", apply);
  var timer = 0;
  f.q.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(apply, 120); });
  document.getElementById("f-reset").addEventListener("click", function () {
    f.j.value = f.k.value = f.c.value = f.q.value = "";
    apply();
  });
  apply();
})();
