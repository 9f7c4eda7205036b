/* Cite by selecting (foundation/admin/citing.py). A static file, no inline handler: the
   admin runs under a strict Content-Security-Policy.

   The source text is a read-only text box (contenteditable, every edit refused) so a caret
   and Shift+arrow selection work from the keyboard as well as the mouse. Each piece of the
   text carries the source offsets it covers (data-start, data-end, in Python's characters:
   code points), so a selection becomes exact offsets whatever the browser did to line
   breaks. On a source's page the selection fills the citation form; in a record's form it
   is cited at once and added as a row of the record's citations. */
(function () {
  "use strict";

  function codePoints(text) {
    return Array.from(text).length;
  }

  // The source offset of a DOM position (node, offset) inside the text box.
  function sourceOffset(box, node, offset) {
    if (node === box) {
      var children = box.children;
      if (offset >= children.length) return parseInt(box.dataset.length, 10);
      return parseInt(children[offset].dataset.start, 10);
    }
    var piece = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    while (piece && piece.parentElement !== box) piece = piece.parentElement;
    if (!piece || piece.dataset.start === undefined) return null;
    var start = parseInt(piece.dataset.start, 10);
    var end = parseInt(piece.dataset.end, 10);
    if (node.nodeType !== Node.TEXT_NODE) return offset === 0 ? start : end;
    if (offset >= node.data.length) return end;
    return Math.min(end, start + codePoints(node.data.slice(0, offset)));
  }

  function selectionIn(box) {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    var range = selection.getRangeAt(0);
    if (!box.contains(range.startContainer) || !box.contains(range.endContainer)) return null;
    var start = sourceOffset(box, range.startContainer, range.startOffset);
    var end = sourceOffset(box, range.endContainer, range.endOffset);
    if (start === null || end === null || start >= end) return null;
    var text = range.toString();
    // A passage has no surrounding spaces: trim them from the offsets too.
    var lead = text.length - text.replace(/^\s+/, "").length;
    var trail = text.length - text.replace(/\s+$/, "").length;
    start += codePoints(text.slice(0, lead));
    end -= codePoints(text.slice(text.length - trail));
    text = text.trim();
    if (!text || start >= end) return null;
    return { start: start, end: end, text: text };
  }

  function readOnly(box) {
    ["beforeinput", "paste", "drop", "cut"].forEach(function (name) {
      box.addEventListener(name, function (event) {
        event.preventDefault();
      });
    });
    box.setAttribute("contenteditable", "true");
  }

  function watch(panel, box, onSelect) {
    var shown = panel.querySelector(".cite-selected");
    var quoted = panel.querySelector(".cite-selected-text");
    var span = panel.querySelector(".cite-selected-span");
    document.addEventListener("selectionchange", function () {
      var chosen = selectionIn(box);
      if (!chosen) return;
      quoted.textContent = chosen.text.length > 200 ? chosen.text.slice(0, 199) + "…" : chosen.text;
      span.textContent = "(" + chosen.start + "–" + chosen.end + ")";
      shown.hidden = false;
      onSelect(chosen);
    });
  }

  function csrfToken() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function sourcePage(panel) {
    var box = panel.querySelector(".source-text");
    var form = panel.querySelector("form.cite-form");
    if (!box || !form) return;
    readOnly(box);
    var passage = form.querySelector("textarea[name=text]");
    var start = form.querySelector("input[name=start]");
    var end = form.querySelector("input[name=end]");
    watch(panel, box, function (chosen) {
      passage.value = chosen.text;
      start.value = chosen.start;
      end.value = chosen.end;
    });
    // Pasted or typed text is located by the server: offsets of an old selection would lie.
    passage.addEventListener("input", function () {
      start.value = "";
      end.value = "";
    });
  }

  function citationsGroup() {
    return document.querySelector('.inline-group[id$="_citations-group"]');
  }

  // Add the citation as a new row of the record's citations inline (Django's inlines.js
  // makes the row; select2 shows the option once the select's change event fires).
  function addRow(citation) {
    var group = citationsGroup();
    if (!group) return false;
    var existing = group.querySelectorAll('select[name$="-citation"]');
    for (var i = 0; i < existing.length; i += 1) {
      if (existing[i].value === String(citation.id)) return true;
    }
    var prefix = group.id.replace(/-group$/, "");
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var add = group.querySelector(".add-row a");
    if (!total || !add) return false;
    add.click();
    var index = parseInt(total.value, 10) - 1;
    var select = document.getElementById("id_" + prefix + "-" + index + "-citation");
    if (!select) return false;
    select.appendChild(new Option(citation.label, citation.id, true, true));
    if (window.django && window.django.jQuery) {
      window.django.jQuery(select).trigger("change");
    } else {
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }
    return true;
  }

  function recordForm(panel) {
    // Without this script the panel could do nothing, so it is shown only now.
    panel.hidden = false;
    var choice = panel.querySelector(".cite-source-choice");
    var holder = panel.querySelector(".cite-text-holder");
    var button = panel.querySelector(".cite-button");
    var status = panel.querySelector(".cite-status");
    var citeUrl = null;
    var chosen = null;

    function load(url) {
      button.disabled = true;
      chosen = null;
      holder.textContent = "";
      if (!url) return Promise.resolve();
      return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(function (data) {
          holder.innerHTML = data.html; // rendered by the server, escaped by its template
          citeUrl = data.cite_url;
          var box = holder.querySelector(".source-text");
          readOnly(box);
          watch(panel, box, function (selection) {
            chosen = selection;
            button.disabled = false;
          });
        })
        .catch(function () {
          status.textContent = panel.dataset.loadError || "";
        });
    }

    choice.addEventListener("change", function () {
      load(choice.value);
    });
    if (choice.value) load(choice.value);
    button.addEventListener("click", function () {
      if (!chosen || !citeUrl) return;
      var body = new URLSearchParams();
      body.set("text", chosen.text);
      body.set("start", chosen.start);
      body.set("end", chosen.end);
      button.disabled = true;
      fetch(citeUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
        body: body,
      })
        .then(function (response) {
          return response.json().then(function (data) {
            return { ok: response.ok, data: data };
          });
        })
        .then(function (result) {
          if (!result.ok) {
            var errors = result.data.errors || {};
            status.textContent = Object.keys(errors)
              .map(function (key) {
                return errors[key].map(function (item) { return item.message; }).join(" ");
              })
              .join(" ");
            button.disabled = false;
            return;
          }
          var added = addRow(result.data);
          status.textContent = (added ? panel.dataset.added : panel.dataset.created) + " " + result.data.label;
          return load(choice.value);
        })
        .catch(function () {
          status.textContent = panel.dataset.loadError || "";
          button.disabled = false;
        });
    });
  }

  function start() {
    document.querySelectorAll(".cite-panel").forEach(function (panel) {
      if (panel.dataset.mode === "source") sourcePage(panel);
      else recordForm(panel);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
