// Small behaviours the server-rendered pages share. No inline scripts (the CSP forbids them).
document.addEventListener("DOMContentLoaded", function () {
  // Confirmation for destructive forms: <form data-confirm="Really?">.
  document.body.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  }, true);
  // Tree toggles load their children once (hx-trigger="click once"); after that they
  // show and hide the loaded branch.
  document.body.addEventListener("click", function (event) {
    var button = event.target.closest("button.ms-toggle");
    if (!button) { return; }
    var branch = document.getElementById(button.getAttribute("hx-target").slice(1));
    var open = button.getAttribute("aria-expanded") === "true";
    if (button.dataset.loaded) { branch.hidden = open; }
    button.dataset.loaded = "1";
    button.setAttribute("aria-expanded", open ? "false" : "true");
    button.textContent = open ? "▸" : "▾";
  });
});
