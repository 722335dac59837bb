// Small behaviours that the strict Content-Security-Policy allows (no inline script anywhere).
document.addEventListener("click", (event) => {
  const close = event.target.closest(".flash-close");
  if (close) close.parentElement.remove();
  const confirmable = event.target.closest("[data-confirm]");
  if (confirmable && !window.confirm(confirmable.dataset.confirm)) event.preventDefault();
});
// Auto-submit filter forms on change when htmx is not handling them.
document.addEventListener("change", (event) => {
  const form = event.target.closest("form[data-autosubmit]");
  if (form) form.requestSubmit();
});
