// Tekst controleren: the terms of the begrippenkader in a text, found in the browser.
// Reads zoeken/tekstcheck.json (src/kennisbank/site/pages/tekstcheck.py) and scans the way
// `kennisbank tekst` does (src/kennisbank/checks/tekst.py); the shared vectors in
// tests/data/gedeeld/tekstcheck.json hold the two to the same answers. The text is never sent
// anywhere: the only request this script makes is for the data file. Content is untrusted:
// it is inserted with textContent only.
(function () {
  "use strict";

  var script = document.currentScript;
  var base = new URL("../", script ? script.src : location.href);  // this file is assets/tekstcheck.js
  var DATA = "zoeken/tekstcheck.json";
  // As Python's re.split(r"(\w+(?:['’]\w+)?)"): words and the separators between them.
  var SPLIT = /([\p{L}\p{N}_]+(?:['’][\p{L}\p{N}_]+)?)/u;
  // What Python's str.split() splits on.
  var SPACE = /[\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;
  var HYPHENS = "-\u2010\u2011";
  var BETWEEN_ABBREVIATION_AND_FULL = /^[\s(]*$/u;

  // Python's str.casefold where it differs from toLowerCase for letters a text may hold.
  var CYRILLIC = "вдосттъѣꙋ";  // U+1C80-U+1C88
  function foldChar(c) {
    var n = c.codePointAt(0);
    if (c === "ß" || c === "ẞ") return "ss";
    if (c === "ς") return "σ";
    if (c === "ſ") return "s";
    if (n >= 0x1C80 && n <= 0x1C88) return CYRILLIC.charAt(n - 0x1C80);
    if (n >= 0xAB70 && n <= 0xABBF) return String.fromCharCode(n - 0xAB70 + 0x13A0);
    return String.fromCharCode(n - 8);  // U+13F8-U+13FD
  }
  function casefold(word) {
    return word.toLowerCase().replace(/[ßẞςſ\u1C80-\u1C88\uAB70-\uABBF\u13F8-\u13FD]/g, foldChar);
  }
  function sep(separator) {
    if (separator === " ") return separator;
    return separator.split(SPACE).filter(Boolean).join(" ") || " ";
  }
  function key(words, seps) { return words.join("\u0000") + "\u0001" + seps.join("\u0000"); }

  // -- the index --------------------------------------------------------------------------

  var indexes = new WeakMap();
  function indexOf(data) {
    var index = indexes.get(data);
    if (index) return index;
    var forms = new Map(), starts = new Map();
    data.vormen.forEach(function (form) {
      var words = form[0];
      forms.set(key(words, form[1]), {claim: form[2], kinds: form[3]});
      var lengths = starts.get(words[0]);
      if (!lengths) starts.set(words[0], lengths = []);
      if (lengths.indexOf(words.length) < 0) lengths.push(words.length);
    });
    starts.forEach(function (lengths) { lengths.sort(function (a, b) { return b - a; }); });
    index = {forms: forms, starts: starts, begrippen: data.begrippen};
    indexes.set(data, index);
    return index;
  }

  function fits(words, pattern) {
    for (var w = 0; w < words.length; w++) {
      var letters = Array.from(words[w]), caps = pattern[w];
      for (var k = 0; k < caps.length; k++) {
        if (caps[k][0] >= letters.length || letters[caps[k][0]] !== caps[k][1]) return false;
      }
    }
    return true;
  }
  // The best claim whose capitals the text has (TermIndex._settle).
  function settle(claims, words) {
    var fitting = claims.filter(function (c) { return !c[2].length || fits(words, c[2]); });
    if (!fitting.length) return null;
    var best = fitting[0], winners = new Set();
    fitting.forEach(function (c) {
      if (c[0] === best[0] && !c[2].length === !best[2].length) winners.add(c[1]);
    });
    return winners.size === 1 ? best[1] : null;
  }

  // Every term in the text, left to right, the longest at each place, never a piece of a
  // compound written with a hyphen (TekstIndex.hits).
  function hits(text, index) {
    var parts = text.split(SPLIT);
    var words = [], folded = [];
    for (var p = 1; p < parts.length; p += 2) { words.push(parts[p]); folded.push(casefold(parts[p])); }
    var count = words.length, found = [], i = 0;
    while (i < count) {
      var lengths = index.starts.get(folded[i]) || [];
      var before = parts[2 * i];
      if (lengths.length && before && HYPHENS.indexOf(before.charAt(before.length - 1)) >= 0) lengths = [];
      var matched = false;
      for (var l = 0; l < lengths.length && !matched; l++) {
        var n = lengths[l];
        if (i + n > count) continue;
        var after = parts[2 * (i + n)];
        if (after && HYPHENS.indexOf(after.charAt(0)) >= 0) continue;
        var seps = [];
        for (var j = i; j < i + n - 1; j++) seps.push(sep(parts[2 * j + 2]));
        var k = key(folded.slice(i, i + n), seps);
        var form = index.forms.get(k);
        if (!form) continue;
        var ident = typeof form.claim === "string" ? form.claim : settle(form.claim, words.slice(i, i + n));
        if (ident === null) continue;
        var kind = form.kinds[ident] || ["zoekterm", 0];
        found.push({i: i, n: n, ident: ident, kind: kind[0], abbreviation: !!kind[1]});
        i += n;
        matched = true;
      }
      if (!matched) i += 1;
    }
    return place(text, parts, found);
  }

  function place(text, parts, found) {
    if (!found.length) return [];
    var offsets = [], position = 0;
    for (var p = 0; p < parts.length; p++) {
      if (p % 2) offsets.push(position);
      position += parts[p].length;
    }
    // Line and column counted once over the text; columns in code points, as Python counts.
    var line = 1, column = 1, scanned = 0;
    return found.map(function (f) {
      var start = offsets[f.i];
      var end = offsets[f.i + f.n - 1] + parts[2 * (f.i + f.n) - 1].length;
      for (; scanned < start; scanned++) {
        var c = text.charCodeAt(scanned);
        if (c === 10) { line++; column = 1; } else if (c < 0xDC00 || c > 0xDFFF) column++;
      }
      return {start: start, end: end, line: line, column: column,
              text: text.slice(start, end), ident: f.ident, kind: f.kind,
              abbreviation: f.abbreviation};
    });
  }

  function code(hit, index) {
    if (index.begrippen[hit.ident].verouderd) return "verouderd-begrip";
    if (hit.kind === "ontraden") return "ontraden-term";
    if (hit.kind === "voorkeursterm") return "begrip";
    return "alternatieve-term";
  }

  // The findings in the order of the text (TekstIndex.findings): {hit, code, level}.
  function findings(text, data) {
    var index = indexOf(data), all = hits(text, index), result = [], written = new Set();
    all.forEach(function (hit, k) {
      var c = code(hit, index);
      result.push({hit: hit, code: c, level: c === "ontraden-term" || c === "verouderd-begrip" ? "waarschuwing" : "hint"});
      if (!hit.abbreviation) { written.add(hit.ident); return; }
      var full = index.begrippen[hit.ident].voluit;
      if (!full || written.has(hit.ident)) return;
      var next = all[k + 1];
      if (next && next.ident === hit.ident && !next.abbreviation &&
          BETWEEN_ABBREVIATION_AND_FULL.test(text.slice(hit.end, next.start))) return;
      written.add(hit.ident);
      result.push({hit: hit, code: "afkorting-voluit", level: "hint", full: full});
    });
    return result;
  }

  // For the shared vectors: [line, column, words, code, concept] per finding.
  function vind(text, data) {
    return findings(text, data).map(function (f) {
      return [f.hit.line, f.hit.column, f.hit.text, f.code, f.hit.ident];
    });
  }

  // -- the page ---------------------------------------------------------------------------

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }
  function link(url, text) {
    var a = el("a", text);
    a.href = new URL(url, base).href;
    return a;
  }

  function advice(f, data) {
    var concept = data.begrippen[f.hit.ident];
    if (f.code === "ontraden-term") return "wordt afgeraden; gebruik " + concept.term + ".";
    if (f.code === "verouderd-begrip") {
      var next = concept.vervangen_door && data.begrippen[concept.vervangen_door];
      return next ? "is verouderd; gebruik " + next.term + "." : "is een verouderd begrip.";
    }
    if (f.code === "afkorting-voluit") return "staat er voordat de afkorting voluit is geschreven; schrijf de eerste keer " + f.full + " (" + f.hit.text + ").";
    if (f.code === "begrip") return "is het begrip " + concept.term + ".";
    return "is een andere term; de voorkeursterm is " + concept.term + ".";
  }

  function render(text, data, page) {
    var started = performance.now();
    var found = findings(text, data);
    var shown = document.createDocumentFragment(), attention = document.createDocumentFragment();
    var used = new Map(), position = 0, warnings = 0, tips = 0;
    found.forEach(function (f, n) {
      var concept = data.begrippen[f.hit.ident];
      if (f.code === "afkorting-voluit") {
        tips++;
      } else {
        shown.appendChild(document.createTextNode(text.slice(position, f.hit.start)));
        var a = link(concept.url, f.hit.text);
        a.id = "kb-tekst-treffer-" + n;
        a.dataset.begrip = f.hit.ident;
        a.dataset.advies = advice(f, data);
        if (f.code === "ontraden-term") a.className = "kb-tekst-ontraden";
        if (f.code === "verouderd-begrip") a.className = "kb-tekst-verouderd";
        if (f.level === "waarschuwing") a.setAttribute("aria-label", f.hit.text + " (" + (f.code === "ontraden-term" ? "ontraden" : "verouderd") + ")");
        shown.appendChild(a);
        position = f.hit.end;
        var entry = used.get(f.hit.ident);
        if (!entry) used.set(f.hit.ident, entry = {count: 0, first: a.id});
        entry.count++;
        if (f.level === "waarschuwing") warnings++;
      }
      if (f.level === "waarschuwing" || f.code === "afkorting-voluit") {
        var item = el("li");
        item.appendChild(el("span", f.level === "waarschuwing" ? "Waarschuwing: " : "Tip: ", "kb-tekst-soort"));
        var where = el("a", "regel " + f.hit.line + ", “" + f.hit.text + "”");
        where.href = "#kb-tekst-treffer-" + (f.code === "afkorting-voluit" ? n - 1 : n);
        item.appendChild(where);
        item.appendChild(document.createTextNode(" " + advice(f, data)));
        attention.appendChild(item);
      }
    });
    shown.appendChild(document.createTextNode(text.slice(position)));
    page.view.replaceChildren(shown);
    page.attention.replaceChildren(attention);
    page.attentionBlock.hidden = !page.attention.childNodes.length;
    var list = document.createDocumentFragment();
    Array.from(used.keys()).sort(function (a, b) {
      return data.begrippen[a].term.localeCompare(data.begrippen[b].term, "nl");
    }).forEach(function (ident) {
      var concept = data.begrippen[ident], item = el("li");
      item.appendChild(link(concept.url, concept.term));
      item.appendChild(document.createTextNode(" (" + used.get(ident).count + "×)" + (concept.uitleg ? ": " + concept.uitleg : "")));
      list.appendChild(item);
    });
    page.concepts.replaceChildren(list);
    page.result.hidden = false;
    var terms = found.length - tips;
    page.status.textContent = terms === 0 ? "Geen termen uit het begrippenkader gevonden." :
      terms + (terms === 1 ? " term" : " termen") + " gevonden, van " + used.size +
      (used.size === 1 ? " begrip" : " begrippen") + "; " + warnings +
      (warnings === 1 ? " waarschuwing" : " waarschuwingen") + " en " + tips + (tips === 1 ? " tip." : " tips.");
    api.laatsteDuur = performance.now() - started;
    api.laatsteAantal = found.length;
  }

  // The definition of a term on hover and on focus: one tooltip, dismissed with Escape.
  function tooltips(page, data) {
    var tip = page.tip, current = null;
    function show(a) {
      var concept = data.begrippen[a.dataset.begrip];
      if (!concept) return;
      current = a;
      tip.replaceChildren(el("strong", concept.term), document.createTextNode(" " + a.dataset.advies + (concept.uitleg ? " " + concept.uitleg : "")));
      tip.hidden = false;
      var box = a.getBoundingClientRect(), host = page.root.getBoundingClientRect();
      tip.style.left = Math.max(0, Math.min(box.left - host.left, host.width - tip.offsetWidth)) + "px";
      tip.style.top = (box.bottom - host.top + 4) + "px";
      a.setAttribute("aria-describedby", tip.id);
    }
    function hide() {
      if (current) current.removeAttribute("aria-describedby");
      current = null;
      tip.hidden = true;
    }
    page.view.addEventListener("focusin", function (e) { if (e.target.dataset && e.target.dataset.begrip) show(e.target); });
    page.view.addEventListener("focusout", hide);
    page.view.addEventListener("mouseover", function (e) {
      var a = e.target.closest && e.target.closest("a[data-begrip]");
      if (a && a !== current) show(a);
    });
    page.root.addEventListener("mouseleave", hide);
    document.addEventListener("keydown", function (e) { if (e.key === "Escape" && current) hide(); });
  }

  function init() {
    var root = document.getElementById("kb-tekstcheck");
    if (!root) return;
    root.style.position = "relative";
    var page = {root: root, form: document.getElementById("kb-tekst-formulier"),
                input: document.getElementById("kb-tekst"), file: document.getElementById("kb-tekst-bestand"),
                status: document.getElementById("kb-tekst-status"), result: document.getElementById("kb-tekst-uitkomst"),
                view: document.getElementById("kb-tekst-weergave"), attention: document.getElementById("kb-tekst-aandacht"),
                attentionBlock: document.getElementById("kb-tekst-aandacht-blok"),
                concepts: document.getElementById("kb-tekst-begrippen"), tip: document.getElementById("kb-tekst-tip")};
    page.form.hidden = false;
    var loading = fetch(new URL(DATA, base).href).then(function (response) {
      if (!response.ok) throw new Error(DATA + ": " + response.status);
      return response.json();
    });
    loading.then(function (data) { tooltips(page, data); api.klaar = true; }, function () {
      page.status.textContent = "De lijst met termen kon niet worden geladen. Probeer het later opnieuw.";
    });
    function check() {
      var text = page.input.value.replace(/\r\n?/g, "\n");
      if (/\.md$/i.test(page.fileName || "")) text = markdownProse(text);
      loading.then(function (data) { render(text, data, page); });
    }
    page.form.addEventListener("submit", function (e) { e.preventDefault(); check(); });
    page.input.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); check(); }
    });
    page.input.addEventListener("input", function () { page.fileName = ""; });
    page.file.addEventListener("change", function () {
      var file = page.file.files && page.file.files[0];
      if (!file) return;
      if (!/\.(txt|md)$/i.test(file.name)) {
        page.status.textContent = "Kies een .txt- of .md-bestand; " + file.name + " kan deze pagina niet lezen.";
        return;
      }
      if (file.size > 5000000) {
        page.status.textContent = file.name + " is te groot (hoogstens 5 MB).";
        return;
      }
      file.text().then(function (text) {
        page.input.value = text;
        page.fileName = file.name;
        check();
      });
    });
  }

  // Markdown: what is not prose blanked out, every line and column kept (markdown_prose).
  function blank(match) { return match.replace(/[^\n]/g, " "); }
  function markdownProse(text) {
    return text.replace(/^---\n[\s\S]*?\n---\n/, blank)
      .replace(/^(```|~~~)[\s\S]*?^\1/gm, blank)
      // Linear (as in Python): a class never matches the character that opens its pattern.
      .replace(/`[^`\n]*`|<[^<>\n]*>|\]\([^()\s]*\)|\{[:#.][^{}\n]*\}/g, blank);
  }

  var api = {vind: vind, markdownProse: markdownProse, klaar: false, laatsteDuur: null, laatsteAantal: null};
  window.kennisbankTekstcheck = api;
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
