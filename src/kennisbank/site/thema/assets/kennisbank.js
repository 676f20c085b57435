// Copy a concept's IRI or citation to the clipboard; the button says whether it worked.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-kopieer]");
  if (!button || !navigator.clipboard) return;
  navigator.clipboard.writeText(button.getAttribute("data-kopieer")).then(function () {
    button.textContent = button.getAttribute("data-gekopieerd") || "Gekopieerd";
  }, function () {
    button.textContent = "Kopiëren lukte niet";
  });
});

// A step's answers are kept as they change (by the step script); Enter in a field must not submit
// the form and reload the page. (An inline onsubmit would be refused by the
// Content-Security-Policy.)
document.addEventListener("submit", function (event) {
  if (event.target.closest("form.kb-stap")) event.preventDefault();
});
