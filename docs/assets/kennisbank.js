// Copy a concept IRI to the clipboard; the button says whether it worked.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-kopieer]");
  if (!button || !navigator.clipboard) return;
  navigator.clipboard.writeText(button.getAttribute("data-kopieer")).then(function () {
    button.textContent = "IRI gekopieerd";
  }, function () {
    button.textContent = "Kopiëren lukte niet";
  });
});
