/**
 * The page's one script: filters, search and sortable columns over rows the
 * server already rendered. It only hides, shows and reorders elements and
 * sets text; it reads the data with textContent and never parses markup, so a
 * resource name stays text. The Content-Security-Policy allows exactly this
 * text by its hash, and nothing else.
 */
import { createHash } from "node:crypto";
import { DATA_ID, FORM_ID } from "./html-filters.js";

export const REPORT_SCRIPT = `
(function () {
  "use strict";
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

  function sortKey(row, column) {
    var cell = row.cells[column];
    if (!cell) return "";
    return cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
  }

  function sortable(table) {
    var headers = table.tHead.rows[0].cells;
    each(headers, function (th, column) {
      if (th.hasAttribute("data-nosort")) return;
      var button = document.createElement("button");
      button.type = "button";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var direction = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
        each(headers, function (other) { if (other.hasAttribute("aria-sort")) other.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", direction === 1 ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) { return direction * collator.compare(sortKey(a, column), sortKey(b, column)); });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }
  each(document.querySelectorAll("table.sortable"), sortable);

  var form = document.getElementById("${FORM_ID}");
  var source = document.getElementById("${DATA_ID}");
  if (!form || !source) return;
  var findings = JSON.parse(source.textContent).findings;
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-finding]"));
  var count = document.getElementById("${FORM_ID}-count");
  var keys = ["severity", "status", "rule", "region", "account"];

  function apply() {
    var wanted = {};
    keys.forEach(function (key) { if (form.elements[key]) wanted[key] = form.elements[key].value; });
    var words = form.elements.q.value.trim().toLowerCase().split(/ +/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row) {
      var finding = findings[Number(row.getAttribute("data-finding"))];
      var match = keys.every(function (key) { return !wanted[key] || finding[key] === wanted[key]; }) &&
        words.every(function (word) { return finding.text.indexOf(word) >= 0; });
      row.hidden = !match;
      if (match) shown += 1;
    });
    // An organization's page: an account chosen, the other accounts' sections go, whatever else they hold.
    each(document.querySelectorAll("[data-account]"), function (section) {
      section.hidden = Boolean(wanted.account) && section.getAttribute("data-account") !== wanted.account;
    });
    var visible = function (element) { return element.querySelector("tr[data-finding]:not([hidden])") !== null; };
    each(document.querySelectorAll("[data-filter-group]"), function (group) { group.hidden = !visible(group); });
    each(document.querySelectorAll("[data-filter-section]"), function (section) {
      var note = section.querySelector(".no-match");
      if (note) note.hidden = visible(section);
    });
    count.textContent = shown === rows.length ? "all " + rows.length + " findings" : shown + " of " + rows.length + " findings";
  }

  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  // reset fires before the fields are cleared.
  form.addEventListener("reset", function () { setTimeout(apply); });
  form.hidden = false;
  apply();
})();
`;

/** The policy source that allows the script: the hash of its exact text. */
export const REPORT_SCRIPT_SOURCE = `'sha256-${createHash("sha256").update(REPORT_SCRIPT, "utf8").digest("base64")}'`;
