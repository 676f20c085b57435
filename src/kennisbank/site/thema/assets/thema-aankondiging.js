// Material for MkDocs' inline announcement script (partials/javascripts/announce.html of
// 9.8.1), as a file because the site's Content-Security-Policy forbids inline scripts.
(function () {
  var el = document.querySelector("[data-md-component=announce]");
  if (el) {
    var content = el.querySelector(".md-typeset");
    if (__md_hash(content.innerHTML) === __md_get("__announce")) el.hidden = true;
  }
})();
