/*
 * Text an editor selects in a source body, as offsets into Source.body.
 *
 * A container marked data-body-offset="N" holds, in its text nodes, exactly the
 * body from character N on (the server renders it escaped, with white-space:
 * pre-wrap and no added text). JavaScript counts strings in UTF-16 code units,
 * Python in code points: an emoji is two of the first and one of the second, so
 * offsets are counted here in code points, as Source.body counts them.
 *
 * Forms marked data-selection="range" get start, end and text from a selection
 * (and show the text in [data-selection-preview]); forms marked
 * data-selection="caret" get "at" from a click that places the cursor.
 */
(function () {
  "use strict";

  function codePoints(text) {
    let count = 0;
    for (const _ of text) count += 1; // iterates code points, not code units
    return count;
  }

  function containerOf(node) {
    const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    return element ? element.closest("[data-body-offset]") : null;
  }

  function selectedSpan() {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0) return null;
    const range = selection.getRangeAt(0);
    const box = containerOf(range.startContainer);
    if (!box || box !== containerOf(range.endContainer)) return null;
    const before = document.createRange();
    before.selectNodeContents(box);
    before.setEnd(range.startContainer, range.startOffset);
    const text = range.toString();
    const start = Number(box.dataset.bodyOffset) + codePoints(before.toString());
    return { start: start, end: start + codePoints(text), text: text, collapsed: range.collapsed };
  }

  function setField(form, name, value) {
    const field = form.elements.namedItem(name);
    if (field) field.value = value;
  }

  function shorten(text, limit) {
    const chars = Array.from(text.replace(/\s+/g, " ").trim());
    return chars.length > limit ? chars.slice(0, limit - 1).join("") + "…" : chars.join("");
  }

  document.addEventListener("selectionchange", function () {
    const span = selectedSpan();
    if (!span) return; // a selection elsewhere (or a click on a button) keeps the last one
    document.querySelectorAll("form[data-selection]").forEach(function (form) {
      if (form.dataset.selection === "range" && !span.collapsed) {
        setField(form, "start", span.start);
        setField(form, "end", span.end);
        setField(form, "text", span.text);
        const preview = form.querySelector("[data-selection-preview]");
        if (preview) preview.textContent = shorten(span.text, 120);
        form.hidden = false;
      } else if (form.dataset.selection === "caret" && span.collapsed) {
        setField(form, "at", span.start);
      }
    });
  });

  document.addEventListener("DOMContentLoaded", function () {
    // Numbers typed by hand no longer come from the selection: its text is not checked.
    document.querySelectorAll("form[data-selection] input[type=number]").forEach(function (input) {
      input.addEventListener("input", function () {
        setField(input.form, "text", "");
      });
    });
    // Claims in the body are links: dragging over one selects its text instead of
    // dragging the link, and the click that ends such a selection does not follow it.
    document.querySelectorAll("[data-body-offset] a").forEach(function (link) {
      link.draggable = false;
      link.addEventListener("click", function (event) {
        if (!window.getSelection().isCollapsed) event.preventDefault();
      });
    });
  });
})();
