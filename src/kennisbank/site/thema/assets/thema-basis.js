// Material for MkDocs' inline head script (partials/javascripts/base.html of 9.8.1), as a
// file because the site's Content-Security-Policy forbids inline scripts. The only change:
// the scope is this file's parent folder (the site root) instead of a templated base URL.
__md_scope = new URL("..", document.currentScript.src);
__md_hash = e => [...e].reduce((e, _) => (e << 5) - e + _.charCodeAt(0), 0);
__md_get = (e, _ = localStorage, t = __md_scope) => JSON.parse(_.getItem(t.pathname + "." + e));
__md_set = (e, _, t = localStorage, a = __md_scope) => {
  try { t.setItem(a.pathname + "." + e, JSON.stringify(_)); } catch (e) {}
};
