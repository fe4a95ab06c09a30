// The path designer: drag and drop to reorder steps (the Up and Down buttons do the same
// for keyboard users), and focus kept on the moved step's button after a swap.
// No inline scripts: the CSP forbids them. HTMX (loaded by the base page) sends the move.
(function () {
  "use strict";
  var dragged = null;

  function stepOf(target) {
    return target && target.closest ? target.closest("li.ms-step[draggable='true']") : null;
  }

  function clearMarks() {
    document.querySelectorAll(".ms-drop-before, .ms-drop-after").forEach(function (el) {
      el.classList.remove("ms-drop-before", "ms-drop-after");
    });
  }

  function before(step, event) {
    var box = step.getBoundingClientRect();
    return event.clientY < box.top + box.height / 2;
  }

  document.addEventListener("dragstart", function (event) {
    var step = stepOf(event.target);
    if (!step) { return; }
    dragged = step;
    step.classList.add("ms-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", step.dataset.step);
  });

  document.addEventListener("dragover", function (event) {
    var step = stepOf(event.target);
    if (!dragged || !step || step === dragged) { return; }
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    clearMarks();
    step.classList.add(before(step, event) ? "ms-drop-before" : "ms-drop-after");
  });

  document.addEventListener("drop", function (event) {
    var step = stepOf(event.target);
    if (!dragged || !step || step === dragged) { return; }
    event.preventDefault();
    var from = parseInt(dragged.dataset.position, 10);
    var to = parseInt(step.dataset.position, 10);
    var place = before(step, event) ? to : to + 1;
    if (from < place) { place -= 1; } // the dragged step leaves its old place first
    clearMarks();
    if (place !== from) {
      htmx.ajax("POST", dragged.dataset.moveUrl, {
        target: "#steps-panel", swap: "outerHTML", values: { position: place }
      });
    }
  });

  document.addEventListener("dragend", function () {
    if (dragged) { dragged.classList.remove("ms-dragging"); }
    dragged = null;
    clearMarks();
  });

  // After a move by button, keep the keyboard where it was: on the same button of the
  // moved step (or its other button when it reached the top or the bottom).
  document.addEventListener("htmx:afterSettle", function () {
    var target = document.querySelector("[data-autofocus]");
    if (!target) { return; }
    if (target.disabled && target.closest(".ms-step-buttons")) {
      var other = target.closest(".ms-step-buttons").querySelector("button:not([disabled])");
      target = other || target;
    }
    target.removeAttribute("data-autofocus");
    target.focus();
  });
})();
