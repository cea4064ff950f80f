// The review screens (suggested links, claims one at a time): one key per decision or move,
// read from each control's data-key (space-separated key names), never while typing.
"use strict";
document.addEventListener("keydown", function (event) {
  if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
  var target = event.target;
  if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
  var key = (event.key || "").toLowerCase();
  var controls = document.querySelectorAll("[data-key]");
  for (var i = 0; i < controls.length; i++) {
    if (controls[i].getAttribute("data-key").split(" ").indexOf(key) !== -1) {
      event.preventDefault();
      controls[i].click();
      return;
    }
  }
});
