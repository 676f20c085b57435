// Material for MkDocs' inline content script (partials/javascripts/content.html of 9.8.1), as a
// file because the site's Content-Security-Policy forbids inline scripts: opens the content
// tab a link points at.
(function () {
  var target = document.getElementById(location.hash.slice(1));
  if (target && target.name) target.checked = target.name.startsWith("__tabbed_");
})();
