// Small behaviours the server-rendered pages share. No inline scripts (the CSP forbids them).
document.addEventListener("DOMContentLoaded", function () {
  // Confirmation for destructive forms: <form data-confirm="Really?">.
  document.body.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  }, true);
});
