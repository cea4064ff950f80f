// The suggestion review screen: one key per decision (C, F, R, S or N), never while typing.
"use strict";
document.addEventListener("keydown", function (event) {
  if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
  var target = event.target;
  if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
  var key = (event.key || "").toLowerCase();
  var buttons = document.querySelectorAll("#review-actions button[data-key]");
  for (var i = 0; i < buttons.length; i++) {
    if (buttons[i].getAttribute("data-key").split(" ").indexOf(key) !== -1) {
      event.preventDefault();
      buttons[i].click();
      return;
    }
  }
});
