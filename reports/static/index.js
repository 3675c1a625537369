"use strict";
// The index table, built from the JSON in #units-data: filter by jurisdiction, kind, finding code
// and name, sort by any column, and list at most PAGE rows at a time so 10,000 units stay quick.
// Every value goes in through textContent or a property, never as HTML.
(function () {
  var PAGE = 500;
  var data = JSON.parse(document.getElementById("units-data").textContent);
  var codeLabels = data.codes;
  var table = document.getElementById("units");
  var tbody = table.tBodies[0];
  var shown = document.getElementById("shown");
  var empty = document.getElementById("empty");
  var more = document.getElementById("more");
  var f = {
    j: document.getElementById("f-j"),
    k: document.getElementById("f-k"),
    c: document.getElementById("f-c"),
    q: document.getElementById("f-q")
  };
  var collator = new Intl.Collator("zh-CN", {numeric: true});
  var units = data.units.map(function (u) {
    u.q = u.name.toLowerCase();
    u.total = u.t === "" ? -Infinity : Number(u.t);
    u.codeText = u.c.map(function (c) { return codeLabels[c] || c; }).join(" ");
    return u;
  });
  var sortKeys = [
    {key: "name"}, {key: "kl"}, {key: "jl"}, {key: "total", num: true},
    {key: "e", num: true}, {key: "w", num: true}, {key: "codeText"}
  ];
  var matches = units, listed = 0, sorted = {col: -1, dir: 1};

  function cell(tr, text, cls) {
    var td = tr.insertCell();
    td.textContent = text;
    if (cls) { td.className = cls; }
    return td;
  }

  function row(u) {
    var tr = document.createElement("tr");
    var name = tr.insertCell();
    var slash = u.name.lastIndexOf("/");
    var label = u.h ? document.createElement("a") : document.createElement("span");
    if (u.h) { label.href = u.h; }
    if (slash >= 0) {
      var folder = document.createElement("span");
      folder.className = "muted";
      folder.textContent = u.name.slice(0, slash + 1);
      label.appendChild(folder);
    }
    var base = document.createElement("b");
    base.textContent = u.name.slice(slash + 1);
    label.appendChild(base);
    name.appendChild(label);
    if (u.s) {
      var status = document.createElement("span");
      status.className = "pill error";
      status.textContent = u.s;
      name.appendChild(document.createTextNode(" "));
      name.appendChild(status);
    }
    cell(tr, u.kl);
    cell(tr, u.jl);
    cell(tr, u.tl, "num").setAttribute("data-v", u.t);
    cell(tr, String(u.e), u.e ? "num bad" : "num");
    cell(tr, String(u.w), u.w ? "num warn" : "num");
    var codes = tr.insertCell();
    u.c.forEach(function (c) {
      var tag = document.createElement("span");
      tag.className = "tag";
      tag.title = c;
      tag.textContent = codeLabels[c] || c;
      codes.appendChild(tag);
      codes.appendChild(document.createTextNode(" "));
    });
    return tr;
  }

  function list(from) {
    var frag = document.createDocumentFragment();
    var end = Math.min(matches.length, from + PAGE);
    for (var i = from; i < end; i++) { frag.appendChild(row(matches[i])); }
    if (from === 0) { tbody.replaceChildren(frag); } else { tbody.appendChild(frag); }
    listed = end;
    more.hidden = listed >= matches.length;
    more.textContent = "再列出 " + Math.min(PAGE, matches.length - listed) + " 行（已列出 " + listed + " 行）";
  }

  function apply() {
    var j = f.j.value, k = f.k.value, c = f.c.value, q = f.q.value.trim().toLowerCase();
    matches = units.filter(function (u) {
      return (!j || u.j === j) && (!k || u.k === k) && (!c || u.c.indexOf(c) >= 0) && (!q || u.q.indexOf(q) >= 0);
    });
    if (sorted.col >= 0) { order(); }
    shown.textContent = "显示 " + matches.length + " / " + units.length;
    empty.hidden = matches.length > 0;
    list(0);
  }

  function order() {
    var spec = sortKeys[sorted.col], key = spec.key, dir = sorted.dir;
    matches.sort(function (a, b) {
      var x = a[key], y = b[key];
      return (spec.num ? (x < y ? -1 : x > y ? 1 : 0) : collator.compare(x, y)) * dir;
    });
  }

  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
    th.querySelector("button").addEventListener("click", function () {
      var col = th.cellIndex;
      sorted.dir = sorted.col === col ? -sorted.dir : (sortKeys[col].num ? -1 : 1);
      sorted.col = col;
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", sorted.dir > 0 ? "ascending" : "descending");
      order();
      list(0);
    });
  });
  more.addEventListener("click", function () { list(listed); });
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
