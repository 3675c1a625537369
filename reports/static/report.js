"use strict";
// Printing shows every article: open each <details> before the print dialog renders the page.
window.addEventListener("beforeprint", function () {
  document.querySelectorAll("details").forEach(function (d) { d.open = true; });
});
