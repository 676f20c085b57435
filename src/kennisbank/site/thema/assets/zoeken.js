// Search for a glossary: the header search box and the term finder (A–Z and home page).
// Reads the index that kennisbank writes (src/kennisbank/site/searchindex.py, searchlabels.py):
// the small manifest zoeken/labels.json when someone starts to search, then only what a
// query needs: the label shard of its first letters, for a typo the keys and words of about
// its length that share its first or last character (with the labels they find), the
// definitions of the concepts shown, and the full-text shards when the labels give too few
// results. Content is untrusted: it is inserted with textContent only.
(function () {
  "use strict";

  var script = document.currentScript;
  var base = new URL("../", script ? script.src : location.href);  // this file is assets/zoeken.js
  var LIMIT = 20, FINDER_LIMIT = 10;
  var PREF = 0, ALT = 1, OTHER_PREF = 2, HIDDEN = 3, TITLE = 4, OTHER_ALT = 5, NOTATION = 6;
  // A term in another language ranks as an alternatieve term; a page title after them; a
  // notation (a code such as 'nld' or '1.2') as the voorkeursterm.
  var KIND_RANK = [0, 1, 1, 3, 2, 1, 0];
  var EXACT = 0, FORM = 1, PREFIX = 2, WORD = 3, FUZZY = 4, TEXT = 5;
  var STATUS = ["vastgesteld", "ontwerp", "verouderd"];

  // The status all concepts of the index share, or -1 when they differ (computed once).
  function sharedStatus(index) {
    if (index.gedeeldeStatus === undefined) {
      var first = null, same = true;
      index.begrippen.forEach(function (b) {
        var s = b[2] || 0;
        if (first === null) first = s;
        else if (s !== first) same = false;
      });
      index.gedeeldeStatus = same ? first : -1;
    }
    return index.gedeeldeStatus;
  }
  var FIELD_WEIGHT = [3, 2, 1];
  var FIELD_NAME = ["de definitie", "de uitleg", "de toelichting"];
  var SUFFIXES = ["heden", "ingen", "heid", "ing", "en", "e", "s"];

  document.documentElement.classList.add("kb-js");
  var PAGE_LANG = document.documentElement.lang || "nl";

  // Text from the index in an element of its own, with `lang` when it is in another language
  // than the page (a German label on the Dutch site); 'und' (no language known) is not marked.
  function inLanguage(tag, value, lang) {
    var element = document.createElement(tag);
    element.textContent = value;
    if (lang && lang !== "und" && lang !== PAGE_LANG) element.setAttribute("lang", lang);
    return element;
  }

  // -- the index ------------------------------------------------------------------------

  var cache = {};
  function getJSON(path) {
    if (!cache[path]) {
      cache[path] = fetch(new URL(path, base).href).then(function (response) {
        if (!response.ok) throw new Error(path + ": " + response.status);
        return response.json();
      });
      cache[path].catch(function () { delete cache[path]; });
    }
    return cache[path];
  }
  function labels() { return getJSON("zoeken/labels.json"); }

  // The address of a result: only a relative path inside the site. The index writes nothing
  // else, but a page's address comes from a file name: 'javascript:…', '//host', '\\host' or
  // '../' out of the site give no link at all.
  function siteHref(path) {
    if (typeof path !== "string" || /^[a-z][a-z0-9+.-]*:|^[\/\\]|\\/i.test(path)) return null;
    var target;
    try { target = new URL(path, base); } catch (e) { return null; }
    if (target.origin !== base.origin || target.href.indexOf(base.href) !== 0) return null;
    return target.href;
  }

  // Must agree with kennisbank.core.text.search_key and searchindex.stem and shard: the
  // vectors in tests/data/gedeeld/tekst.json hold both sides to the same answers.
  // Full case folding where it differs from lower case: ß and ẞ, final sigma, the historic
  // Cyrillic letters and Cherokee (which folds to its capitals).
  var CYRILLIC = "вдосттъѣꙋ";  // U+1C80-U+1C88
  function fold(c) {
    var n = c.codePointAt(0);
    if (c === "ß") return "ss";
    if (c === "ς") return "σ";
    if (n >= 0x1C80 && n <= 0x1C88) return CYRILLIC.charAt(n - 0x1C80);
    if (n >= 0xAB70 && n <= 0xABBF) return String.fromCharCode(n - 0xAB70 + 0x13A0);
    return String.fromCharCode(n - 8);  // U+13F8-U+13FD
  }
  function normalise(value) {
    return value.normalize("NFKD").replace(/[\p{M}\p{Cf}]/gu, "").toLowerCase()
      .replace(/[ßς\u1C80-\u1C88\uAB70-\uABBF\u13F8-\u13FD]/g, fold)
      .replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }
  // Lengths and letters in code points, as Python counts them.
  function stem(word) {
    var chars = Array.from(word);
    if (chars.length <= 3 || /^\p{Nd}+$/u.test(word)) return word;
    for (var i = 0; i < SUFFIXES.length; i++) {
      var s = SUFFIXES[i];
      if (chars.length - s.length >= 3 && word.slice(-s.length) === s) {
        chars = chars.slice(0, -s.length);
        break;
      }
    }
    var n = chars.length, last = chars[n - 1];
    if (n >= 4 && last === chars[n - 2] && "aeiouy".indexOf(last) < 0) chars.pop();
    return chars.join("");
  }
  function shard(s, length) {
    var name = "", chars = Array.from(s);
    for (var i = 0; i < (length || 2); i++) name += /[a-z0-9]/.test(chars[i] || "") ? chars[i] : "_";
    return name;
  }
  // Singular forms a plural query may have (the reverse of termen.plurals).
  function singulars(q) {
    var out = [], words = q.split(" "), last = words.pop(), head = words.length ? words.join(" ") + " " : "";
    if (last === "s" && words.length) return [words.join(" ")];  // VSO's → "vso s" → vso
    function add(w) { if (w.length >= 2) out.push(head + w); }
    if (/en$/.test(last)) {
      var stemmed = last.slice(0, -2);
      add(stemmed);
      var n = stemmed.length;
      if (n >= 3 && stemmed[n - 1] === stemmed[n - 2]) add(stemmed.slice(0, -1));  // loketten
      if (n >= 3 && "aeou".indexOf(stemmed[n - 2]) >= 0 && "aeiouy".indexOf(stemmed[n - 1]) < 0) {
        add(stemmed.slice(0, -1) + stemmed[n - 2] + stemmed[n - 1]);  // signalen → signaal, idealen → ideaal
      }
    }
    if (/s$/.test(last)) add(last.slice(0, -1));
    if (/en$/.test(last)) add(last.slice(0, -1));  // ...e + n
    return out;
  }

  // A question as people type it into a search box: "wat is een gedupeerde", "betekenis van
  // schade", "vso definitie". The question words go, the term stays; the words alone (still
  // being typed) are searched as they are. The vectors in tests/data/gedeeld/zoekvragen.json
  // hold the answers. Works on a normalised query (lower case, no punctuation).
  var ASKING = new RegExp("^(?:(?:wat|wie) (?:is|zijn|betekent|betekenen|houdt|houden|" +
    "bedoel je met|bedoelen we met|wordt bedoeld met|wordt verstaan onder|verstaan we onder)|" +
    "(?:de )?(?:betekenis|definitie|omschrijving)(?: van)?) ");
  var ARTICLE = /^(?:(?:een|de|het) )?(?:(?:begrip|term|woord|afkorting) )?/;
  function question(q) {
    var asked = ASKING.exec(q), rest = q;
    if (asked) {
      rest = q.slice(asked[0].length).replace(ARTICLE, "");
      if (/^wat hou/.test(asked[0])) rest = rest.replace(/ in$/, "");
    }
    rest = rest.replace(/ (?:betekenis|definitie|betekent|omschrijving)$/, "");
    return /^(?:een|de|het)?$/.test(rest) ? q : rest;
  }

  // How many typos a query may have (searchlabels.allowance; vectors in tekst.json), counted
  // in its letters (code points): a number ('term 4321') is never a misspelt word.
  function allowance(q) {
    var letters = (q.match(/\p{L}/gu) || []).length;
    return letters >= 8 ? 2 : letters >= 5 ? 1 : 0;
  }

  function lowerBound(rows, key) {
    var lo = 0, hi = rows.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (rows[mid][0] < key) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  // Optimal string alignment distance, giving up above `max`. Only the band of cells
  // within `max` of the diagonal can stay within `max`; the rows are reused typed arrays.
  var rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];
  function distance(a, b, max) {
    var n = a.length, m = b.length, over = max + 1;
    if (n - m > max || m - n > max) return over;
    if (m + 1 > rows[0].length) rows = [new Int32Array(m + 1), new Int32Array(m + 1), new Int32Array(m + 1)];
    var prev2 = rows[0], prev = rows[1], cur = rows[2], i, j, swap;
    for (j = 0; j <= m; j++) prev[j] = j;
    for (i = 1; i <= n; i++) {
      var from = i - max > 1 ? i - max : 1, to = i + max < m ? i + max : m;
      var best = from === 1 ? i : over;  // the first column: i deletions
      var ai = a.charCodeAt(i - 1), before = i > 1 ? a.charCodeAt(i - 2) : -1;
      cur[from - 1] = from === 1 ? i : over;  // left of the band: out of reach
      for (j = from; j <= to; j++) {
        var bj = b.charCodeAt(j - 1);
        var v = prev[j - 1] + (ai === bj ? 0 : 1), w = j < i + max ? prev[j] + 1 : over;
        if (w < v) v = w;
        w = cur[j - 1] + 1;
        if (w < v) v = w;
        if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && before === bj && prev2[j - 2] + 1 < v) {
          v = prev2[j - 2] + 1;
        }
        cur[j] = v;
        if (v < best) best = v;
      }
      if (to < m) cur[to + 1] = over;  // right of the band
      if (best > max) return over;
      swap = prev2; prev2 = prev; prev = cur; cur = swap;
    }
    return prev[m] > max ? over : prev[m];
  }

  // The label shards (zoeken/labels-<name>.json, src/kennisbank/site/searchlabels.py) that a
  // look-up of everything starting with q needs: the leaf of the trie that q falls in, or
  // every leaf under q when q is shorter than the leaves.
  function shardsFor(index, q) {
    var length = Array.from(q).length, out = [];
    index.delen.forEach(function (name) {
      if (length >= name.length ? shard(q, name.length) === name
          : name.lastIndexOf(shard(q, length), 0) === 0) out.push(name);
    });
    return out;
  }
  function loadShards(names) {
    return Promise.all(names.map(function (name) {
      return getJSON("zoeken/labels-" + name + ".json");
    }));
  }
  // Every entry [suffix, start, doc, kind, shown?, lang?] whose suffix starts with q.
  function lookup(parts, q, each) {
    parts.forEach(function (rows) {
      for (var i = lowerBound(rows, q); i < rows.length && rows[i][0].lastIndexOf(q, 0) === 0; i++) {
        each(rows[i]);
      }
    });
  }
  function wait(ms) { return new Promise(function (done) { setTimeout(done, ms); }); }

  // The typo files (zoeken/woorden-<side><c>-<n>.json, searchlabels.py) of the strings that
  // may be within `max` typos of q: those that start with q's first character or end with
  // its last, of lengths within `max` of q's. Each file holds lengths from n up to the next
  // file's n of its side.
  function typoFiles(index, q, max) {
    var chars = Array.from(q), out = [];
    ["b" + shard(chars[0], 1), "e" + shard(chars[chars.length - 1], 1)].forEach(function (side) {
      var starts = (index.woorden || {})[side] || [];
      for (var k = 0; k < starts.length; k++) {
        var last = k + 1 < starts.length ? starts[k + 1] - 1 : Infinity;
        if (starts[k] <= q.length + max && last >= q.length - max) {
          out.push("zoeken/woorden-" + side + "-" + starts[k] + ".json");
        }
      }
    });
    return out;
  }

  // The label tiers: exact, word form, prefix, a word that starts so, a small typo.
  // Resolves to one hit per document, best first, or to null when a newer search took over.
  function matchLabels(index, q, options) {
    var best = {}, current = options.current;
    // A label found: its document, kind, key length (UTF-16), display form and language.
    function found(doc, kind, len, shown, lang, tier, dist) {
      if (options.conceptsOnly && kind === TITLE) return;
      var named = kind === ALT || kind === OTHER_PREF || kind === NOTATION;
      var h = {doc: doc, tier: tier, rank: KIND_RANK[kind], dist: dist || 0,
               len: len, via: named ? shown : "",
               notation: kind === NOTATION, viaLang: kind === NOTATION ? "und" : lang || index.taal};
      var old = best[doc];
      if (!old || h.tier < old.tier || (h.tier === old.tier && (h.rank < old.rank ||
          (h.rank === old.rank && (h.dist < old.dist || (h.dist === old.dist && h.len < old.len)))))) {
        best[doc] = h;
      }
    }
    function hit(entry, tier) {  // a shard entry [suffix, start, doc, kind, shown?, lang?]
      found(entry[2], entry[3], entry[1] + entry[0].length, entry[4], entry[5], tier, 0);
    }
    var forms = singulars(q), wanted = {};
    [q].concat(forms).forEach(function (s) {
      shardsFor(index, s).forEach(function (name) { wanted[name] = true; });
    });
    var names = Object.keys(wanted);
    var max = allowance(q), typos = max ? typoFiles(index, q, max) : [];
    // A query of a letter or two may need many shards: fetched only when typing pauses.
    var uncached = names.filter(function (name) { return !cache["zoeken/labels-" + name + ".json"]; });
    var patience = names.length > 1 && uncached.length ? wait(250) : Promise.resolve();
    return patience.then(function () {
      if (!current()) return null;
      return Promise.all([loadShards(names), Promise.all(typos.map(getJSON))]);
    }).then(function (loaded) {
      if (!loaded || !current()) return null;
      var parts = loaded[0];
      lookup(parts, q, function (entry) {
        var hidden = entry[3] === HIDDEN;
        if (entry[1] > 0) hit(entry, WORD);  // a word of the key starts so
        else if (entry[0] === q) hit(entry, hidden ? FORM : EXACT);
        else hit(entry, hidden ? WORD : PREFIX);  // a hidden label is a weaker hint
      });
      forms.forEach(function (s) {
        lookup(parts, s, function (entry) {
          if (entry[1] === 0 && entry[0] === s && entry[3] !== HIDDEN && entry[3] !== NOTATION) {
            hit(entry, FORM);
          }
        });
      });
      // Typos: the keys and words of about the query's length that share its first or last
      // character, each with the labels whose whole key it is and those that hold it as a
      // word (their list in a file of its own when it is long: fetched only when found).
      var seen = Object.create(null), spaced = q.indexOf(" ") >= 0, apart = [];
      function words(list, d) {
        for (var p = 0; p < list.length; p++) {
          var w = list[p];
          found(w[0], w[1], w[2], w[3], w[4], FUZZY, d + 0.5);  // a word of a longer key
        }
      }
      loaded[1].forEach(function (entries) {
        for (var k = 0; k < entries.length; k++) {
          var e = entries[k], s = e[0];
          if (seen[s]) continue;
          seen[s] = true;
          var d = distance(q, s, max);
          if (d > max) continue;
          for (var p = 0; p < e[1].length; p++) {  // the whole key
            var w = e[1][p];
            found(w[0], w[1], s.length, w[2], w[3], FUZZY, d);
          }
          if (spaced || e[2] === undefined) continue;
          if (typeof e[2] === "number") apart.push([e[2], d]);
          else words(e[2], d);
        }
      });
      return Promise.all(apart.map(function (a) {
        return getJSON("zoeken/woorden-x" + a[0] + ".json");
      })).then(function (lists) {
        if (!current()) return null;
        lists.forEach(function (list, k) { words(list, apart[k][1]); });
        return Object.keys(best).map(function (doc) { return best[doc]; }).sort(function (a, b) {
          return a.tier - b.tier || a.rank - b.rank || a.dist - b.dist || a.len - b.len ||
            title(index, a.doc).localeCompare(title(index, b.doc), "nl");
        });
      });
    });
  }

  function title(index, doc) {
    var n = index.begrippen.length;
    return doc < n ? index.begrippen[doc][1] : index.paginas[doc - n][1];
  }

  // Full text: every word of the query (the last one as a prefix while it is being typed)
  // in the same document; documents found by their labels already are left out.
  function matchText(index, q, typing, exclude) {
    var words = q.split(" ").filter(function (w) { return w.length >= 3; });
    if (!words.length) return Promise.resolve([]);
    var stems = words.map(stem);
    var shards = {};
    stems.forEach(function (s) { shards[shard(s)] = true; });
    return Promise.all(Object.keys(shards).map(function (name) {
      return getJSON("zoeken/tekst-" + name + ".json").catch(function (error) {
        if (String(error).indexOf(": 404") >= 0) return {};  // no word starts so
        throw error;
      });
    })).then(function (loaded) {
      var byName = {};
      Object.keys(shards).forEach(function (name, k) { byName[name] = loaded[k]; });
      var scores = null, fields = {};
      stems.forEach(function (s, w) {
        var found = {}, part = byName[shard(s)], prefix = typing && w === stems.length - 1;
        Object.keys(part).forEach(function (key) {
          if (key === s || (prefix && key.lastIndexOf(s, 0) === 0) ||
              (!prefix && key.lastIndexOf(s, 0) === 0 && key.length - s.length <= 1)) {
            part[key].forEach(function (posting) {
              var doc = posting >> 2, field = posting & 3;
              if (found[doc] === undefined || field < found[doc]) found[doc] = field;
            });
          }
        });
        var next = {};
        Object.keys(found).forEach(function (doc) {
          if (scores === null || scores[doc] !== undefined) {
            next[doc] = (scores ? scores[doc] : 0) + FIELD_WEIGHT[found[doc]];
            if (fields[doc] === undefined || found[doc] < fields[doc]) fields[doc] = found[doc];
          }
        });
        scores = next;
      });
      return Object.keys(scores).filter(function (doc) { return !exclude[doc]; })
        .map(function (doc) {
          return {doc: +doc, tier: TEXT, score: scores[doc], field: fields[doc]};
        }).sort(function (a, b) {
          return b.score - a.score || title(index, a.doc).localeCompare(title(index, b.doc), "nl");
        });
    });
  }

  // The definitions' blocks fetched so far, by number.
  var blocks = {};
  function definitions(index, hits) {
    var n = index.begrippen.length, wanted = {};
    hits.forEach(function (h) { if (h.doc < n) wanted[Math.floor(h.doc / index.blok)] = true; });
    return Promise.all(Object.keys(wanted).map(function (b) {
      return getJSON("zoeken/definities-" + b + ".json").then(function (block) { blocks[b] = block; });
    }));
  }
  // A concept's definition as [text, language], or null while its block is not here yet.
  function definition(index, doc) {
    var block = blocks[Math.floor(doc / index.blok)];
    if (!block) return null;
    var entry = block[doc % index.blok];
    return typeof entry === "string" ? [entry, index.taal] : entry;
  }

  // -- one combobox (header search or term finder) --------------------------------------

  var counter = 0;
  function Combobox(input, list, status, mode) {
    this.input = input;
    this.list = list;
    this.status = status;
    this.mode = mode;  // "site" (header) or "termen" (term finder)
    this.generation = 0;
    this.active = -1;
    this.timer = 0;
    var self = this;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    input.addEventListener("input", function () { self.schedule(); });
    input.addEventListener("keydown", function (event) { self.key(event); });
    input.addEventListener("focus", function () { labels().catch(function () {}); });
    input.addEventListener("pointerenter", function () { labels().catch(function () {}); });
    list.addEventListener("mousedown", function (event) { event.preventDefault(); });  // keep focus
  }

  Combobox.prototype.options = function () {
    return this.list.querySelectorAll("[role=option]");
  };

  // Each keystroke cancels the search of the one before: nothing runs until the browser
  // is idle for a moment, and an older search that is still waiting for a file renders nothing.
  Combobox.prototype.schedule = function () {
    var self = this, generation = ++this.generation;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self.search(generation); }, 0);
  };

  Combobox.prototype.search = function (generation) {
    var self = this, raw = this.input.value, q = question(normalise(raw));
    this.list.removeAttribute("data-zoekvraag");
    if (!q) {
      this.render([], null, "");
      this.say(this.mode === "site" ? "Typ om te zoeken" : "");
      this.expand(false);
      return;
    }
    var current = function () { return generation === self.generation; };
    var index;
    labels().then(function (loaded) {
      index = loaded;
      if (!current()) return null;
      return matchLabels(index, q, {conceptsOnly: self.mode === "termen", current: current});
    }).then(function (hits) {
      if (!hits || !current()) return null;
      var limit = self.mode === "site" ? LIMIT : FINDER_LIMIT;
      if (self.mode === "termen") {
        return self.show(index, hits.slice(0, limit), hits.length, limit, raw, current, true);
      }
      var typing = !/\s$/.test(raw);
      var shown = hits.length ? self.show(index, hits.slice(0, limit), hits.length, limit, raw,
                                           current, hits.length >= limit) : null;
      if (hits.length >= limit) return shown;
      if (!hits.length) self.say("Zoeken…");
      var exclude = {};
      hits.forEach(function (h) { exclude[h.doc] = true; });
      return Promise.all([shown, matchText(index, q, typing, exclude)]).then(function (all) {
        if (!current()) return null;
        var together = hits.concat(all[1]);
        return self.show(index, together.slice(0, limit), together.length, limit, raw, current, true);
      });
    }).catch(function () {
      if (current()) self.say("Zoeken lukt nu niet: de zoekindex kon niet worden geladen.");
    });
  };

  // The results, with their definitions in the header search (the term finder shows none);
  // while a definition is still being fetched the terms are shown at once and the
  // definitions follow.
  Combobox.prototype.show = function (index, hits, total, limit, raw, current, final) {
    var self = this, n = index.begrippen.length, site = this.mode === "site";
    var fetched = site ? definitions(index, hits) : Promise.resolve();
    if (site && hits.some(function (h) { return h.doc < n && !definition(index, h.doc); })) {
      self.render(hits, index);
      self.expand(hits.length > 0);
    }
    return fetched.then(function () {
      if (!current()) return;
      self.render(hits, index);
      self.expand(hits.length > 0);
      if (!final) return;
      self.list.setAttribute("data-zoekvraag", raw);  // the query these results are final for
      var noun = self.mode === "site" ? ["resultaat", "resultaten"] : ["term", "termen"];
      if (!total) {
        self.say("Geen " + noun[1] + " gevonden voor ‘" + raw.trim() + "’. Controleer de " +
                 "spelling of probeer een ander woord.");
      } else if (total > limit) {
        self.say(total + " " + noun[1] + "; de eerste " + limit + " staan hieronder. " +
                 "Typ verder om te verfijnen.");
      } else {
        self.say(total + " " + (total === 1 ? noun[0] : noun[1]) + " gevonden.");
      }
    });
  };

  Combobox.prototype.render = function (hits, index) {
    var list = this.list, id = list.id, mode = this.mode;
    // The results of one query can come in twice (labels first, then the full text): the
    // option chosen with the arrow keys in between stays chosen when it is still there.
    var before = this.options()[this.active], keep = before ? before.getAttribute("href") : null;
    while (list.firstChild) list.removeChild(list.firstChild);
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    hits.forEach(function (h, k) {
      var n = index.begrippen.length, concept = h.doc < n;
      var item = document.createElement("li");
      item.setAttribute("role", "none");
      item.className = mode === "site" ? "md-search-result__item" : "kb-termzoeker__item";
      var link = document.createElement("a");
      link.setAttribute("role", "option");
      link.setAttribute("aria-selected", "false");
      link.setAttribute("tabindex", "-1");
      link.id = id + "-" + k;
      link.className = mode === "site" ? "md-search-result__link" : "kb-termzoeker__optie";
      var url, href, name, nameLang, status = 0, kind = "", summary = ["", ""];
      if (concept) {
        var b = index.begrippen[h.doc];
        url = "begrippen/" + b[0] + "/";
        name = b[1];
        nameLang = b[3] || index.taal;
        status = b[2];
        summary = definition(index, h.doc) || ["", ""];
      } else {
        var p = index.paginas[h.doc - n];
        url = p[0];
        name = p[1];
        nameLang = p[4] || PAGE_LANG;
        kind = p[2];
        summary = [p[3], PAGE_LANG];
      }
      href = siteHref(url);
      if (href === null) return;
      link.href = href;
      var article = document.createElement(mode === "site" ? "article" : "span");
      article.className = mode === "site" ? "md-search-result__article md-typeset" : "kb-termzoeker__tekst";
      var heading = document.createElement(mode === "site" ? "h2" : "span");
      heading.className = "kb-resultaat__term";
      if (mode === "termen" && h.via) {
        var via = document.createElement("span");
        via.appendChild(inLanguage(h.notation ? "code" : "span", h.via, h.viaLang));
        via.appendChild(document.createTextNode(" → "));
        heading.appendChild(via);
      }
      heading.appendChild(inLanguage("span", name, nameLang));
      article.appendChild(heading);
      var facts = [];  // each a list of parts: a text, or [text, language]
      if (kind) facts.push([kind]);
      // A status that every concept shares ('ontwerp' on a site in draft) tells nothing
      // and was repeated on every result; 'verouderd' always shows.
      if (status && (status === 2 || status !== sharedStatus(index))) facts.push(["status: " + STATUS[status]]);
      if (mode === "site" && h.via && (h.notation || normalise(h.via) !== normalise(name))) {
        facts.push([h.notation ? "notatie ‘" : "gevonden via ‘", [h.via, h.viaLang], "’"]);
      }
      if (h.tier === TEXT && concept) facts.push(["gevonden in " + FIELD_NAME[h.field]]);
      if (facts.length) {
        var meta = document.createElement(mode === "site" ? "p" : "span");
        meta.className = "kb-resultaat__meta";
        facts.forEach(function (parts, f) {
          if (f || mode === "termen") meta.appendChild(document.createTextNode(" · "));
          parts.forEach(function (part) {
            meta.appendChild(typeof part === "string" ? document.createTextNode(part)
                             : inLanguage("span", part[0], part[1]));
          });
        });
        article.appendChild(meta);
      }
      if (mode === "site" && summary[0]) {
        var text = inLanguage("p", summary[0], summary[1]);
        text.className = "kb-resultaat__definitie";
        article.appendChild(text);
      }
      link.appendChild(article);
      item.appendChild(link);
      list.appendChild(item);
    });
    var options = this.options();
    for (var k = 0; keep && k < options.length; k++) {
      if (options[k].getAttribute("href") === keep) { this.move(k); break; }
    }
  };

  Combobox.prototype.say = function (message) {
    if (this.status.textContent !== message) this.status.textContent = message;
  };

  Combobox.prototype.expand = function (open) {
    this.input.setAttribute("aria-expanded", open ? "true" : "false");
    if (this.mode === "termen") this.list.hidden = !open;
  };

  Combobox.prototype.move = function (to) {
    var options = this.options();
    if (!options.length) return;
    if (this.active >= 0 && options[this.active]) {
      options[this.active].setAttribute("aria-selected", "false");
    }
    this.active = (to + options.length) % options.length;
    var option = options[this.active];
    option.setAttribute("aria-selected", "true");
    this.input.setAttribute("aria-activedescendant", option.id);
    option.scrollIntoView({block: "nearest"});
  };

  Combobox.prototype.key = function (event) {
    var options = this.options();
    switch (event.key) {
      case "ArrowDown":
        if (options.length) { event.preventDefault(); this.move(this.active + 1); }
        break;
      case "ArrowUp":
        if (options.length) { event.preventDefault(); this.move(this.active < 0 ? -1 : this.active - 1); }
        break;
      case "Enter":
        event.preventDefault();
        var chosen = options[this.active >= 0 ? this.active : 0];
        if (chosen) location.href = chosen.href;
        break;
      case "Escape":
        if (this.input.getAttribute("aria-expanded") === "true" && this.mode === "termen") {
          this.expand(false);
        } else if (this.input.value) {
          this.input.value = "";
          this.schedule();
        } else if (this.mode === "site") {
          this.input.blur();
          closeHeader();
        }
        event.preventDefault();
        break;
    }
  };

  // -- the header search ----------------------------------------------------------------

  var toggle = document.getElementById("__search");
  function closeHeader() {
    if (toggle && toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
    }
  }

  function header() {
    var input = document.querySelector("[data-kb-zoekveld]");
    if (!input) return;
    var form = input.form;
    var box = new Combobox(input, document.getElementById("kb-zoekresultaten"),
                           document.getElementById("kb-zoekstatus"), "site");
    input.addEventListener("focus", function () {
      if (toggle && !toggle.checked) {
        toggle.checked = true;
        toggle.dispatchEvent(new Event("change"));
      }
    });
    if (toggle) {
      toggle.addEventListener("change", function () {
        if (toggle.checked && document.activeElement !== input) input.focus();
      });
    }
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(function () { box.schedule(); input.focus(); }, 0); });
    form.closest(".md-search").addEventListener("focusout", function (event) {
      if (!event.relatedTarget || !form.closest(".md-search").contains(event.relatedTarget)) {
        setTimeout(function () {
          if (!form.closest(".md-search").contains(document.activeElement)) closeHeader();
        }, 0);
      }
    });
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
      event.preventDefault();
      input.focus();
    });
  }

  // -- the term finder (a placeholder <div class="kb-termzoeker"> on a page) --------------

  function finder(place) {
    var id = "kb-termzoeker-" + (++counter);
    var label = document.createElement("label");
    label.setAttribute("for", id);
    label.className = "kb-termzoeker__label";
    label.textContent = "Zoek een term";
    var input = document.createElement("input");
    input.type = "text";
    input.id = id;
    input.className = "kb-termzoeker__invoer";
    input.setAttribute("autocomplete", "off");
    input.setAttribute("autocapitalize", "off");
    input.setAttribute("spellcheck", "false");
    input.setAttribute("aria-describedby", id + "-uitleg");
    var hint = document.createElement("p");
    hint.id = id + "-uitleg";
    hint.className = "kb-termzoeker__uitleg";
    hint.textContent = "Typ een deel van een term of afkorting. Kies met pijl omlaag en " +
      "omhoog, open het begrip met Enter.";
    var list = document.createElement("ul");
    list.id = id + "-lijst";
    list.className = "kb-termzoeker__lijst";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Gevonden termen");
    list.hidden = true;
    var status = document.createElement("p");
    status.className = "kb-termzoeker__status";
    status.setAttribute("role", "status");
    place.appendChild(label);
    place.appendChild(input);
    place.appendChild(hint);
    place.appendChild(list);
    place.appendChild(status);
    new Combobox(input, list, status, "termen");
  }

  function init() {
    header();
    Array.prototype.forEach.call(document.querySelectorAll(".kb-termzoeker"), finder);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();

  // For tests: the same normalisation, stemmer and shards as the generator.
  window.kennisbankZoeken = {normalise: normalise, stem: stem, shard: shard, singulars: singulars,
                             question: question, allowance: allowance};
})();
