// The leidraad in the browser: dossiers kept in localStorage (several side by side, each with
// who/when/why per step, tick dates and an append-only history), progress, the filled-in
// dossier (print, Markdown, JSON, and a JSON file opened again as a new dossier) and the
// flowchart drawn by the self-hosted Mermaid. Nothing is sent anywhere. Every page works
// without this script. Content is only ever inserted as text (textContent), never as HTML;
// a stored value this script cannot read is set aside under its own key, never dropped: one
// unreadable dossier is set aside alone, the others stay. Only what the dossier schema allows
// is ever stored, and every map keyed by an id (dossiers, steps) has no prototype, so an id
// such as 'constructor' or '__proto__' is an ordinary key.
(function () {
  "use strict";

  var STORE = "kennisbank:leidraad:dossiers";
  var ASIDE = "kennisbank:leidraad:apart:";
  var LEGACY = "kennisbank:leidraad:";  // + versie: one unnamed dossier per leidraad version
  var FORMAT = "kennisbank-leidraad-dossier";
  var FORMAT_VERSION = 1;
  // A dossier file larger than this is refused before it is read. All of a browser's local
  // storage for this site holds about 5 million characters (Chromium, Firefox and Safari), for
  // every dossier together; a dossier that would take more than STORED_LIMIT of it is refused.
  var FILE_LIMIT = 10 * 1000 * 1000;
  var STORED_LIMIT = 4500 * 1000;
  var HISTORY_PAGE = 200;  // history lines drawn at once on the dossier page
  var script = document.currentScript;
  var mermaidUrl = script ? script.src.replace(/leidraad\.js(\?.*)?$/, "vendor/mermaid/mermaid.min.js") : null;
  var memory = null;   // the store when localStorage cannot be used: nothing is written
  var memoryWhy = "";  // why not, for the message on every page
  var storageOk = true;

  // -- small helpers ----------------------------------------------------------------------

  function isObject(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }
  // A map keyed by ids: no prototype, so 'constructor', 'toString' or '__proto__' are keys
  // like any other (on a plain object they would find, or set, Object.prototype's members).
  function dict() { return Object.create(null); }
  function has(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }
  function toDict(o) {
    var m = dict();
    Object.keys(o).forEach(function (k) { m[k] = o[k]; });
    return m;
  }
  function megabytes(n) { return (n / 1000000).toFixed(1).replace(".", ",") + " MB"; }
  function millions(n) { return (n / 1000000).toFixed(1).replace(".", ",") + " miljoen tekens"; }
  function isText(v) { return typeof v === "string"; }
  function textOrNull(v) { return v === null || typeof v === "string"; }
  // A JSON Schema "integer" with "minimum": 0 (Infinity, from a number such as 1e999, is none).
  // A whole number from 0 to 2**53 - 1: above it JSON.parse rounds (the schema's maximum).
  function isCount(v) { return Number.isSafeInteger(v) && v >= 0; }
  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" +
      String(d.getDate()).padStart(2, "0");
  }
  function now() { return new Date().toISOString(); }
  var MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
                "september", "oktober", "november", "december"];
  // '2026-12-07' → '7 december 2026', as the site writes dates.
  function dateInWords(iso) {
    var p = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
    return p ? Number(p[3]) + " " + MONTHS[Number(p[2]) - 1] + " " + p[1] : iso;
  }
  // A stored moment (ISO 8601 in UTC, as the JSON keeps it) as a reader reads it: local time
  // with the zone, "6 december 2026 20:53 (CET)". A value that is no moment is shown as written.
  var MOMENT = null;
  function when(iso, dateOnly) {
    var t = isText(iso) && /^\d{4}-\d\d-\d\dT/.test(iso) ? new Date(iso) : null;
    if (!t || isNaN(t.getTime())) return isText(iso) ? iso : "";
    if (!MOMENT) {
      try {
        MOMENT = new Intl.DateTimeFormat("nl-NL", { day: "numeric", month: "long", year: "numeric",
          hour: "2-digit", minute: "2-digit", hour12: false, timeZoneName: "short" });
      } catch (e) { return iso; }
    }
    var part = dict();
    MOMENT.formatToParts(t).forEach(function (p) { part[p.type] = p.value; });
    var date = part.day + " " + part.month + " " + part.year;
    return dateOnly ? date : date + " " + part.hour + ":" + part.minute + (part.timeZoneName ? " (" + part.timeZoneName + ")" : "");
  }
  function newId() { return "d" + Date.now().toString(36) + Math.random().toString(36).slice(2, 8); }

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function saveFile(name, body, type) {
    var blob = new Blob([body], { type: type });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  }

  // -- the shape of a dossier (the same as schemas/dossier.schema.json) -----------------
  // tests/data/gedeeld/dossiers.json holds this check and the schema to the same answers.

  // Why a value is not a dossier, or null when it is one.
  function dossierProblem(d) {
    if (!isObject(d)) return "het is geen JSON-object";
    if (d.formaat !== FORMAT) return "het veld 'formaat' is niet \"" + FORMAT + "\"";
    if (d.formaatversie !== FORMAT_VERSION) {
      return "formaatversie " + JSON.stringify(d.formaatversie) + " is onbekend (deze site leest versie " + FORMAT_VERSION + ")";
    }
    var texts = ["id", "zaak", "organisatie", "team", "aangemaakt", "bijgewerkt"];
    for (var i = 0; i < texts.length; i++) {
      if (!isText(d[texts[i]])) return "het veld '" + texts[i] + "' ontbreekt of is geen tekst";
    }
    if (!isObject(d.leidraad) || !isText(d.leidraad.versie) || !isText(d.leidraad.titel)) {
      return "het veld 'leidraad' (titel en versie) ontbreekt";
    }
    if (d.geexporteerd !== undefined && !isText(d.geexporteerd)) return "het veld 'geexporteerd' is geen tekst";
    if (!isObject(d.stappen)) return "het veld 'stappen' ontbreekt of is geen object";
    var ids = Object.keys(d.stappen);
    for (var j = 0; j < ids.length; j++) {
      var p = stepProblem(d.stappen[ids[j]]);
      if (p) return "stap '" + ids[j] + "': " + p;
    }
    if (!Array.isArray(d.geschiedenis)) return "het veld 'geschiedenis' ontbreekt of is geen lijst";
    for (var k = 0; k < d.geschiedenis.length; k++) {
      var h = d.geschiedenis[k];
      if (!isObject(h) || !isText(h.tijd) || !isText(h.stap) || !isText(h.wat) ||
          !textOrNull(h.oud) || !textOrNull(h.nieuw)) {
        return "regel " + (k + 1) + " van de geschiedenis heeft niet de velden tijd, stap, wat, oud en nieuw";
      }
    }
    return null;
  }

  function stepProblem(s) {
    if (!isObject(s)) return "geen object";
    if (!(s.uitkomst === null || isCount(s.uitkomst))) {
      return "'uitkomst' is geen volgnummer of null";
    }
    var texts = ["antwoord", "wie", "datum", "motivering", "vingerafdruk", "versie", "bijgewerkt"];
    for (var i = 0; i < texts.length; i++) if (!isText(s[texts[i]])) return "'" + texts[i] + "' ontbreekt of is geen tekst";
    if (!Array.isArray(s.acties)) return "'acties' is geen lijst";
    for (var j = 0; j < s.acties.length; j++) {
      var a = s.acties[j];
      if (!isObject(a) || !isCount(a.nummer) || !isText(a.tekst) || !isText(a.afgevinkt)) {
        return "actie " + (j + 1) + " heeft niet de velden nummer, tekst en afgevinkt";
      }
    }
    return null;
  }

  // A copy of a dossier that passed dossierProblem with exactly the fields of the schema: what
  // a file brings besides them (unknown keys of any size or depth, '__proto__') stays behind.
  function cleanDossier(d) {
    var stappen = dict();
    Object.keys(d.stappen).forEach(function (id) {
      var s = d.stappen[id];
      stappen[id] = {
        uitkomst: s.uitkomst === null ? null : s.uitkomst, antwoord: s.antwoord, wie: s.wie,
        datum: s.datum, motivering: s.motivering,
        acties: s.acties.map(function (a) { return { nummer: a.nummer, tekst: a.tekst, afgevinkt: a.afgevinkt }; }),
        vingerafdruk: s.vingerafdruk, versie: s.versie, bijgewerkt: s.bijgewerkt
      };
    });
    return {
      formaat: FORMAT, formaatversie: FORMAT_VERSION, id: d.id, zaak: d.zaak,
      organisatie: d.organisatie, team: d.team, aangemaakt: d.aangemaakt, bijgewerkt: d.bijgewerkt,
      leidraad: { titel: d.leidraad.titel, versie: d.leidraad.versie }, stappen: stappen,
      geschiedenis: d.geschiedenis.map(function (h) {
        return { tijd: h.tijd, stap: h.stap, wat: h.wat, oud: h.oud, nieuw: h.nieuw };
      })
    };
  }

  // Names the schema does not know, at the top of a dossier and in its steps and lines.
  function unknownFields(d) {
    var top = ["formaat", "formaatversie", "id", "zaak", "organisatie", "team", "aangemaakt",
      "bijgewerkt", "leidraad", "stappen", "geschiedenis", "geexporteerd"];
    var step = ["uitkomst", "antwoord", "wie", "datum", "motivering", "acties", "vingerafdruk", "versie", "bijgewerkt"];
    var extra = function (o, known) { return Object.keys(o).some(function (k) { return known.indexOf(k) === -1; }); };
    return extra(d, top) || extra(d.leidraad, ["titel", "versie"]) ||
      Object.keys(d.stappen).some(function (id) {
        var s = d.stappen[id];
        return extra(s, step) || s.acties.some(function (a) { return extra(a, ["nummer", "tekst", "afgevinkt"]); });
      }) ||
      d.geschiedenis.some(function (h) { return extra(h, ["tijd", "stap", "wat", "oud", "nieuw"]); });
  }

  // The stored dossiers, or something else (then it is set aside whole).
  function storeShape(s) {
    return isObject(s) && s.formaatversie === FORMAT_VERSION && isObject(s.dossiers);
  }

  function storeProblem(s) {
    if (!storeShape(s) || !isText(s.actief)) return "geen dossiers in het verwachte formaat";
    var ids = Object.keys(s.dossiers);
    for (var i = 0; i < ids.length; i++) {
      var p = dossierProblem(s.dossiers[ids[i]]);
      if (p) return p;
    }
    return null;
  }

  // -- storage ----------------------------------------------------------------------------

  function isQuota(e) {
    return !!e && (e.name === "QuotaExceededError" || e.name === "NS_ERROR_DOM_QUOTA_REACHED" || e.code === 22);
  }

  function getItem(k) {
    try { return window.localStorage.getItem(k); } catch (e) { storageOk = false; return null; }
  }
  // "" when written, else why not: "vol" (the storage is full; nothing was written) or
  // "geweigerd" (this browser does not allow local storage).
  function setItem(k, v) {
    try { window.localStorage.setItem(k, v); return ""; } catch (e) {
      if (isQuota(e)) return "vol";
      storageOk = false;
      return "geweigerd";
    }
  }
  function removeItem(k) {
    try { window.localStorage.removeItem(k); } catch (e) { /* kept */ }
  }
  function storageKeys() {
    var keys = [];
    try {
      for (var i = 0; i < window.localStorage.length; i++) keys.push(window.localStorage.key(i));
    } catch (e) { /* unavailable */ }
    return keys;
  }

  // Keep a value we cannot use under a key of its own, for the team to download, try again or
  // remove. Never over an earlier one: each gets a new key. Returns the key, or "" when it
  // could not be written (then the caller must keep the value where it is).
  function setAside(raw, why, zaak) {
    var key;
    do { key = ASIDE + now() + "-" + Math.random().toString(36).slice(2, 8); } while (getItem(key) !== null);
    var entry = { reden: why, waarde: raw };
    if (zaak) entry.zaak = zaak;
    return setItem(key, JSON.stringify(entry)) ? "" : key;
  }

  function emptyStore() { return { formaatversie: FORMAT_VERSION, actief: "", dossiers: dict() }; }

  function newDossier(data, fields) {
    var d = {
      formaat: FORMAT, formaatversie: FORMAT_VERSION, id: newId(),
      zaak: (fields && fields.zaak) || "", organisatie: (fields && fields.organisatie) || "",
      team: (fields && fields.team) || "", aangemaakt: now(), bijgewerkt: now(),
      leidraad: { titel: data ? data.titel : "", versie: data ? data.versie : "" },
      stappen: dict(), geschiedenis: []
    };
    if (!d.zaak) d.zaak = "Dossier van " + dateInWords(today());
    return d;
  }

  // Answers saved by the earlier version of this script (one set per leidraad version).
  // The keys of earlier versions' answers taken into `store`; load() removes them only once
  // the store holding them is written (with the storage full they must stay where they are).
  function migrateLegacy(store) {
    var ok = true, taken = [];
    storageKeys().forEach(function (k) {
      if (!ok || !k || k.indexOf(LEGACY) !== 0 || k === STORE || k.indexOf(ASIDE) === 0) return;
      var versie = k.slice(LEGACY.length), raw = getItem(k), old = null;
      try { old = JSON.parse(raw); } catch (e) { old = null; }
      if (!isObject(old) || !isObject(old.stappen)) {
        if (!setAside(raw, "antwoorden van versie " + versie + " in een onleesbaar formaat")) { ok = false; return; }
        removeItem(k);
      } else {
        var d = newDossier(null, { zaak: "Eerdere antwoorden (leidraad versie " + versie + ")" });
        d.leidraad.versie = versie;
        Object.keys(old.stappen).forEach(function (id) {
          var st = old.stappen[id];
          if (!isObject(st)) return;
          d.stappen[id] = {
            uitkomst: isCount(st.uitkomst) ? st.uitkomst : null, antwoord: "",
            wie: "", datum: "", motivering: isText(st.notitie) ? st.notitie : "",
            acties: (Array.isArray(st.acties) ? st.acties : []).filter(isCount)
              .map(function (n) { return { nummer: n, tekst: "", afgevinkt: "" }; }),
            vingerafdruk: "", versie: versie, bijgewerkt: isText(old.bijgewerkt) ? old.bijgewerkt : ""
          };
        });
        d.geschiedenis.push({ tijd: now(), stap: "", wat: "overgenomen uit de eerdere opslag van deze browser", oud: null, nieuw: null });
        store.dossiers[d.id] = d;
        if (!store.actief) store.actief = d.id;
        taken.push(k);
      }
    });
    return taken;
  }

  // Nothing more is written to this browser's storage in this page: what is stored stays as it is.
  function keepInMemory(store, why) {
    memory = store;
    memoryWhy = why;
    return store;
  }

  // The stored dossiers, each checked on its own: a dossier that is not one (by the schema) is
  // set aside alone and the others are used; only a store that is not one at all is set aside
  // whole. A set-aside that cannot be written (storage full) leaves the stored value untouched.
  function load() {
    if (memory) return memory;
    var raw = getItem(STORE), parsed = null, store = emptyStore(), repair = false;
    if (raw !== null) {
      try { parsed = JSON.parse(raw); } catch (e) { parsed = undefined; }
      if (!storeShape(parsed)) {
        repair = true;
        if (!setAside(raw, parsed === undefined ? "geen geldige JSON" : "geen dossiers in het verwachte formaat")) {
          return keepInMemory(store, "vol");
        }
      } else {
        store.actief = isText(parsed.actief) ? parsed.actief : "";
        var bad = [];
        Object.keys(parsed.dossiers).forEach(function (id) {
          var d = parsed.dossiers[id], problem = dossierProblem(d);
          if (problem) { bad.push([d, problem]); return; }
          d.id = id;
          // Only the schema's fields are kept, as when a file is opened: what else a stored
          // value holds (a '__proto__' nested thousands deep) is dropped and the store is
          // written back without it.
          if (unknownFields(d)) repair = true;
          store.dossiers[id] = cleanDossier(d);
        });
        for (var i = 0; i < bad.length; i++) {
          var d = bad[i][0], text = null, zaak = isObject(d) && isText(d.zaak) ? d.zaak : "";
          try { text = JSON.stringify(d); } catch (e) { text = null; }
          repair = true;
          if (text === null || !setAside(text, "dossier" + (zaak ? " \u201c" + zaak + "\u201d" : "") + ": " + bad[i][1], zaak)) {
            return keepInMemory(store, "vol");
          }
        }
      }
    }
    var before = Object.keys(store.dossiers).length;
    var taken = migrateLegacy(store);
    if (!store.dossiers[store.actief]) store.actief = Object.keys(store.dossiers)[0] || "";
    if (repair || Object.keys(store.dossiers).length !== before) {
      // Once written, what was set aside is no longer in the store; if it cannot be written,
      // the store keeps it (and this page writes nothing, so it is not set aside again), and
      // earlier versions' answers stay under their own keys.
      var why = save(store);
      if (why) return keepInMemory(store, why);
    }
    taken.forEach(removeItem);
    if (!storageOk) keepInMemory(store, "geweigerd");
    return store;
  }

  // Write the dossiers; "" when done, else why not ("vol", "geweigerd", "ongeldig"). What is
  // written is checked first: a dossier the schema would refuse is never stored. Storage that
  // is full keeps its earlier value whole (the write is all or nothing).
  function save(store) {
    if (memory) { memory = store; return memoryWhy || "geweigerd"; }
    var text = null;
    if (!storeProblem(store)) {
      try { text = JSON.stringify(store); } catch (e) { text = null; }
    }
    if (text === null) return "ongeldig";
    var why = storageOk ? setItem(STORE, text) : "geweigerd";
    if (why === "geweigerd") keepInMemory(store, why);
    return why;
  }

  // What a failed save means for the team, in one sentence.
  function saveProblem(why) {
    if (why === "vol") return "de opslag van deze browser is vol";
    if (why === "ongeldig") return "de gegevens pasten niet in het dossierformaat";
    return "deze browser staat lokale opslag niet toe";
  }

  // The active dossier, created on first use.
  function active(store, data) {
    if (!store.dossiers[store.actief]) {
      var d = newDossier(data);
      store.dossiers[d.id] = d;
      store.actief = d.id;
    }
    return store.dossiers[store.actief];
  }

  function blankStep() {
    return { uitkomst: null, antwoord: "", wie: "", datum: "", motivering: "", acties: [],
      vingerafdruk: "", versie: "", bijgewerkt: "" };
  }

  function remember(d, stap, wat, oud, nieuw) {
    if ((oud || "") === (nieuw || "")) return;
    d.geschiedenis.push({ tijd: now(), stap: stap, wat: wat, oud: oud || null, nieuw: nieuw || null });
  }

  // -- the leidraad on the page -----------------------------------------------------------

  function pageData() {
    var node = document.getElementById("kb-leidraad-data");
    if (!node) return null;
    try { return JSON.parse(node.textContent); } catch (e) { return null; }
  }

  function byId(data) {
    var map = dict();
    data.stappen.forEach(function (s) { map[s.id] = s; });
    return map;
  }

  function label(step) {
    return (step.nummer ? "Stap " + step.nummer : "Parallel spoor") + ": " + step.titel;
  }

  // Has the step (question, checklist or outcomes) changed since it was answered?
  function changed(step, st) {
    return !!st && !!st.vingerafdruk && st.vingerafdruk !== step.vingerafdruk && answered(st);
  }

  function answered(st) {
    return !!st && (st.uitkomst !== null || st.acties.length > 0 || !!st.motivering || !!st.wie);
  }

  // The outcome index valid in this version: the same index while nothing changed, else the
  // outcome with the same answer text (or none).
  function outcomeIndex(step, st) {
    if (!st || st.uitkomst === null) return null;
    if (!changed(step, st) && step.uitkomsten[st.uitkomst]) return st.uitkomst;
    for (var i = 0; i < step.uitkomsten.length; i++) if (step.uitkomsten[i].antwoord === st.antwoord) return i;
    return null;
  }

  // Which items of this version's checklist are ticked (by number, or by text after a change).
  function ticks(step, st) {
    var result = dict();
    if (!st) return result;
    st.acties.forEach(function (a) {
      var n = a.nummer;
      if (changed(step, st) || !a.tekst) {
        var found = step.checklist.indexOf(a.tekst);
        if (found !== -1) n = found;
        else if (a.tekst) return;
      }
      if (n >= 0 && n < step.checklist.length) result[n] = a.afgevinkt || "";
    });
    return result;
  }

  function isDone(step, st) { return outcomeIndex(step, st) !== null; }

  function openCount(step, st) {
    return step.checklist.length - Object.keys(ticks(step, st)).length;
  }

  function statusText(step, st) {
    var open = openCount(step, st), parts = [];
    parts.push(isDone(step, st) ? "afgerond" : (answered(st) ? "bezig, nog geen uitkomst" : "nog niet begonnen"));
    if (step.checklist.length) parts.push(open === 0 ? "alle acties afgevinkt" : open + " van " + step.checklist.length + (step.checklist.length === 1 ? " actie" : " acties") + " nog open");
    if (changed(step, st)) parts.push("gewijzigd sinds uw antwoord");
    return parts.join(" · ");
  }

  // The route a team took: from the start, following each chosen outcome.
  function route(data, d) {
    var map = byId(data), steps = [], seen = dict(), end = null, id = data.start;
    while (id && map[id] && !seen[id]) {
      seen[id] = true;
      var step = map[id];
      steps.push(step);
      var i = outcomeIndex(step, d.stappen[id]);
      var outcome = i === null ? null : step.uitkomsten[i];
      if (!outcome) break;
      if (outcome.einde) { end = outcome.einde; break; }
      id = outcome.volgende;
    }
    var parallel = data.stappen.filter(function (s) { return s.parallel && answered(d.stappen[s.id]); });
    return { steps: steps.concat(parallel), end: end, byId: map };
  }

  // -- messages on every leidraad page ----------------------------------------------------

  function asideKeys() {
    return storageKeys().filter(function (k) { return k && k.indexOf(ASIDE) === 0; }).sort();
  }

  // A set-aside value: when and why, and the text itself (a dossier, or a whole store).
  function asideEntry(key) {
    var raw = getItem(key), entry = null;
    if (raw === null) return null;
    try { entry = JSON.parse(raw); } catch (e) { entry = null; }
    var ok = isObject(entry) && isText(entry.waarde);
    return {
      key: key, tijd: key.slice(ASIDE.length, ASIDE.length + 16).replace("T", " "),
      reden: ok && isText(entry.reden) ? entry.reden : "onbekend", waarde: ok ? entry.waarde : raw
    };
  }

  var asideNote = "";  // what the last action on set-aside data did

  function button(text, attribute, value, label) {
    var b = el("button", text, "md-button");
    b.type = "button";
    b.setAttribute(attribute, value);
    if (label) b.setAttribute("aria-label", label);
    return b;
  }

  function showBar(data) {
    var store = load();
    var bar = document.querySelector("[data-kb-dossierbalk]");
    if (bar) {
      bar.textContent = "";
      var d = store.dossiers[store.actief];
      bar.appendChild(el("strong", "Actief dossier: "));
      bar.appendChild(document.createTextNode(d ? describe(d) : "nog geen (het eerste antwoord maakt er een aan)"));
      bar.appendChild(document.createTextNode(" · "));
      var link = el("a", document.querySelector("[data-kb-dossier]") ? "Dossiers beheren" : "Naar het dossier");
      link.href = document.querySelector("[data-kb-dossier]") ? "#kb-beheer-kop" : dossierHref();
      bar.appendChild(link);
      bar.hidden = false;
    }
    var box = document.querySelector("[data-kb-melding]");
    if (!box) return;
    box.textContent = "";
    var keys = asideKeys();
    if (memory && memoryWhy === "vol") {
      box.appendChild(el("p", "De opslag van deze browser is vol: gegevens die niet gelezen konden worden, konden niet apart worden gezet. " +
        "Ze staan ongewijzigd in de opslag, en tot er ruimte is slaat deze pagina niets op: wat u invult blijft alleen bewaard zolang deze pagina open is. " +
        "Maak ruimte door apart gezette gegevens te downloaden en te verwijderen, en laad de pagina daarna opnieuw."));
    } else if (memory || !storageOk) {
      box.appendChild(el("p", "Deze browser staat lokale opslag niet toe: uw antwoorden blijven alleen bewaard zolang deze pagina open is. Download het dossier als JSON om het te bewaren."));
    }
    if (keys.length) {
      box.appendChild(el("p", "Er " + (keys.length === 1 ? "stonden gegevens" : "stonden " + keys.length + " sets gegevens") +
        " van de leidraad in deze browser die niet gelezen konden worden. Ze zijn niet gewist maar apart gezet: u kunt ze " +
        "downloaden (een hersteld dossier opent u hierboven als bestand), opnieuw proberen of aan een beheerder geven."));
      var list = el("ul", null, "kb-apart-lijst");
      keys.forEach(function (k, i) {
        var entry = asideEntry(k);
        if (!entry) return;
        var n = String(i + 1), li = el("li");
        li.appendChild(el("span", "Apart gezet op " + entry.tijd + ": " + entry.reden + " "));
        li.appendChild(button("Download", "data-kb-apart-een", k, "Download apart gezette gegevens " + n));
        li.appendChild(document.createTextNode(" "));
        li.appendChild(button("Probeer opnieuw", "data-kb-apart-opnieuw", k, "Probeer opnieuw: apart gezette gegevens " + n));
        li.appendChild(document.createTextNode(" "));
        li.appendChild(button("Verwijder", "data-kb-apart-een-wis", k, "Verwijder apart gezette gegevens " + n));
        list.appendChild(li);
      });
      box.appendChild(list);
      var p = el("p");
      p.appendChild(button("Download de apart gezette gegevens", "data-kb-apart-download", ""));
      p.appendChild(document.createTextNode(" "));
      p.appendChild(button("Verwijder de apart gezette gegevens", "data-kb-apart-wis", ""));
      box.appendChild(p);
    }
    if (asideNote) box.appendChild(el("p", asideNote, "kb-apart-uitkomst"));
    box.hidden = !box.childNodes.length;
  }

  // Try set-aside data again: a dossier that now passes the check (or every dossier of a store
  // set aside whole) is added as a new dossier; a store's dossiers that still do not pass are
  // each set aside on their own, so each can be downloaded, repaired and opened. The original
  // is removed only once all of that has been written.
  function retryAside(data, key) {
    var entry = asideEntry(key), value;
    if (!entry) return;
    try { value = JSON.parse(entry.waarde); } catch (e) { value = undefined; }
    var good = [], bad = [];
    if (storeShape(value)) {
      Object.keys(value.dossiers).forEach(function (id) {
        var d = value.dossiers[id], p = dossierProblem(d);
        if (p) bad.push([d, p]); else good.push(d);
      });
    } else {
      var problem = value === undefined ? "het is geen geldige JSON" : dossierProblem(value);
      if (problem) {
        asideNote = "Apart gezet op " + entry.tijd + ": nog steeds niet te lezen (" + problem + "). Download de gegevens, " +
          "herstel ze in een teksteditor en open ze als dossier, of geef ze aan een beheerder.";
        showBar(data);
        return;
      }
      good.push(value);
    }
    var store = load();
    if (memory) { asideNote = "Opnieuw proberen kan nu niet: " + saveProblem(memoryWhy) + "."; showBar(data); return; }
    var written = [], undo = function () { written.forEach(removeItem); };
    for (var i = 0; i < bad.length; i++) {
      var zaak = isObject(bad[i][0]) && isText(bad[i][0].zaak) ? bad[i][0].zaak : "", text;
      try { text = JSON.stringify(bad[i][0]); } catch (e) { text = null; }
      var k = text === null ? "" : setAside(text, "dossier" + (zaak ? " \u201c" + zaak + "\u201d" : "") + ": " + bad[i][1], zaak);
      if (!k) { undo(); asideNote = "Opnieuw proberen lukte niet: de opslag van deze browser is vol. De apart gezette gegevens staan er nog."; showBar(data); return; }
      written.push(k);
    }
    var added = good.map(function (d) { return adopt(store, d, "weer opgenomen uit apart gezette gegevens", "apart gezet op " + entry.tijd); });
    if (added.length) {
      var why = save(store);
      if (why) { undo(); asideNote = "Opnieuw proberen lukte niet: " + saveProblem(why) + ". De apart gezette gegevens staan er nog."; refresh(data); return; }
    }
    removeItem(key);
    asideNote = (added.length === 1 ? "Dossier \u201c" + added[0].zaak + "\u201d is weer opgenomen; het is nu het actieve dossier." :
      added.length ? added.length + " dossiers zijn weer opgenomen." : "") +
      (bad.length ? (added.length ? " " : "") + (bad.length === 1 ? "Eén dossier kon niet worden gelezen en staat nu apart" :
        bad.length + " dossiers konden niet worden gelezen en staan nu elk apart") + ": download het, herstel het en open het als dossier." : "") ||
      "Er stonden geen dossiers in; de lege gegevens zijn verwijderd.";
    refresh(data);
  }

  function dossierHref() {
    var form = document.querySelector(".kb-stap[data-stap]");
    return form ? "../dossier/" : "dossier/";
  }

  function describe(d) {
    var extra = [d.organisatie, d.team].filter(Boolean).join(", ");
    return d.zaak + (extra ? " (" + extra + ")" : "");
  }

  // -- a step page ------------------------------------------------------------------------

  // Every change is one read-modify-write of the stored dossiers: read the store afresh, change
  // only what this one control says (a tick, the outcome, one text field) and write it back.
  // A copy of the store read earlier is never written back whole, so a change made meanwhile
  // (in another tab, on another page, by an earlier event) is never overwritten.

  var pending = dict();  // "dossier:step:field" typed into since its last 'change': the value before
  var seen = dict();     // "dossier:step:field": the stored value this tab last read or wrote
  var FIELDS = { wie: ["[data-wie]", "wie besliste"], datum: ["[data-datum]", "datum van het besluit"],
    motivering: ["[data-notitie]", "motivering"] };

  function stepOf(form, data) {
    var id = form.getAttribute("data-stap");
    var step = data ? byId(data)[id] : null;
    return step || { id: id, checklist: [], uitkomsten: [], vingerafdruk: form.getAttribute("data-vingerafdruk") };
  }

  function fieldOf(control) {
    if (control.hasAttribute("data-wie")) return "wie";
    if (control.hasAttribute("data-datum")) return "datum";
    if (control.hasAttribute("data-notitie")) return "motivering";
    return null;
  }

  // The dossier a step form shows: the one it was drawn for, while it exists.
  function formDossier(form, store, data) {
    var shown = form.getAttribute("data-kb-dossier-id");
    return shown && store.dossiers[shown] ? store.dossiers[shown] : active(store, data);
  }

  // Controls a person used before this script was ready (the page is usable while its
  // scripts still load): they differ from the page's own markup, so they are kept and stored,
  // not overwritten by the stored state.
  function usedEarly(form) {
    var used = [];
    form.querySelectorAll("[data-actie]").forEach(function (box) {
      if (box.checked !== box.defaultChecked) used.push(box);
    });
    var radio = form.querySelector("[data-uitkomst]:checked");
    if (radio && !radio.defaultChecked) used.push(radio);
    form.querySelectorAll("[data-wie], [data-datum], [data-notitie]").forEach(function (field) {
      if (field.value !== field.defaultValue) used.push(field);
    });
    return used;
  }

  function initStep(form, data) {
    var early = form.hasAttribute("data-kb-klaar") ? [] : usedEarly(form);
    form.setAttribute("data-kb-klaar", "");
    drawStep(form, data, function (control) { return early.indexOf(control) !== -1; });
    if (early.length) {
      early.forEach(function (control) { storeChange(form, data, control, true, true); });
      drawStep(form, data, function () { return false; });
      showBar(data);
    }
  }

  // Show the stored state of this step; controls for which keep() is true stay as they are.
  function drawStep(form, data, keep) {
    var store = load(), d = store.dossiers[store.actief], step = stepOf(form, data);
    form.setAttribute("data-kb-dossier-id", d ? d.id : "");
    var st = d && d.stappen[step.id] ? d.stappen[step.id] : null;
    var ticked = ticks(step, st), chosen = outcomeIndex(step, st);
    form.querySelectorAll("[data-actie]").forEach(function (box) {
      var n = box.getAttribute("data-actie");
      if (!keep(box)) box.checked = has(ticked, n);
      var when = form.querySelector('[data-kb-afgevinkt="' + n + '"]');
      if (when) when.textContent = box.checked && ticked[n] ? "afgevinkt op " + ticked[n] : "";
    });
    var radios = form.querySelectorAll("[data-uitkomst]");
    if (![].some.call(radios, keep)) {
      radios.forEach(function (radio) { radio.checked = chosen === Number(radio.getAttribute("data-uitkomst")); });
    }
    var values = { wie: st ? st.wie : "", datum: st && st.datum ? st.datum : today(), motivering: st ? st.motivering : "" };
    Object.keys(FIELDS).forEach(function (f) {
      var field = form.querySelector(FIELDS[f][0]), key = (d ? d.id : "") + ":" + step.id + ":" + f;
      // A field being typed in, or waiting for the choice between two texts, stays as it is
      // and keeps what it read before.
      var hold = field && (keep(field) || !!form.querySelector('[data-kb-conflict="' + f + '"]'));
      if (field && (!hold || !has(seen, key))) seen[key] = st ? st[f] : "";
      if (field && !hold && field.value !== values[f]) field.value = values[f];
    });
    var stand = form.querySelector("[data-kb-stand]");
    stand.textContent = "Stand van deze stap: " + statusText(step, st) + ".";
    stand.hidden = false;
    var flag = form.querySelector("[data-kb-gewijzigd]");
    flag.textContent = "";
    if (changed(step, st)) {
      flag.appendChild(el("strong", "Gewijzigd sinds uw antwoord: "));
      flag.appendChild(document.createTextNode(
        "deze stap (vraag, acties of uitkomsten) is aangepast in leidraadversie " + (data ? data.versie : "") +
        "; u antwoordde bij versie " + (st.versie || "onbekend") + ". Uw eerdere antwoord" +
        (st.antwoord ? " (\"" + st.antwoord + "\")" : "") + " staat nog in het dossier. Controleer het en sla het opnieuw op."));
      flag.hidden = false;
    } else {
      flag.hidden = true;
    }
  }

  // Store what one control of a step form says. withHistory: a finished change (a tick, an
  // outcome, a text field left); without it, text being typed (its history line follows).
  function storeChange(form, data, control, withHistory, quiet) {
    var step = stepOf(form, data), id = step.id;
    if (!data) return;  // without the leidraad's data the checklist is unknown: change nothing
    var store = load(), d = formDossier(form, store, data);
    var old = d.stappen[id] || blankStep();
    var st = JSON.parse(JSON.stringify(old));
    var oldTicks = ticks(step, old), newTicks = dict();
    Object.keys(oldTicks).forEach(function (n) { newTicks[n] = oldTicks[n]; });
    if (changed(step, old)) {  // answering again in a new version: say what did not carry over
      old.acties.forEach(function (a) {
        if (a.tekst && step.checklist.indexOf(a.tekst) === -1) {
          remember(d, id, "actie niet meer in deze versie van de leidraad: " + a.tekst, "afgevinkt op " + (a.afgevinkt || "?"), null);
        }
      });
    }
    var chosen = outcomeIndex(step, old);
    if (control.hasAttribute("data-actie")) {
      var n = Number(control.getAttribute("data-actie")), tekst = step.checklist[n] || "";
      if (control.checked && !has(oldTicks, n)) {
        newTicks[n] = today();
        remember(d, id, "actie afgevinkt: " + tekst, null, "afgevinkt op " + newTicks[n]);
      } else if (!control.checked && has(oldTicks, n)) {
        delete newTicks[n];
        remember(d, id, "actie niet meer afgevinkt: " + tekst, "afgevinkt op " + (oldTicks[n] || "?"), null);
      }
    } else if (control.hasAttribute("data-uitkomst")) {
      if (control.checked) chosen = Number(control.getAttribute("data-uitkomst"));
    }
    st.acties = Object.keys(newTicks).map(Number).sort(function (a, b) { return a - b; }).map(function (k) {
      return { nummer: k, tekst: step.checklist[k] || "", afgevinkt: newTicks[k] || "" };
    });
    var oldAnswer = old.uitkomst === null ? "" : old.antwoord;
    st.uitkomst = chosen;
    st.antwoord = chosen === null ? "" : (step.uitkomsten[chosen] ? step.uitkomsten[chosen].antwoord : "");
    remember(d, id, "uitkomst", oldAnswer, st.antwoord);
    var f = fieldOf(control);
    if (f) {
      var value = control.value, key = d.id + ":" + id + ":" + f;
      if (f === "datum" && !value) value = today();
      // Another tab (or window) wrote this field after this tab read it, and this tab holds
      // other text: writing now would silently undo that. Say so and let the person choose.
      if (has(seen, key) && seen[key] !== old[f] && value !== old[f]) {
        showConflict(form, data, control, f, old[f]);
        return;
      }
      closeConflict(form, f);
      if (withHistory) {
        remember(d, id, FIELDS[f][1], has(pending, key) ? pending[key] : old[f], value);
        delete pending[key];
      } else if (value !== old[f] && !has(pending, key)) {
        pending[key] = old[f];
      }
      st[f] = value;
    }
    // The decision's date is recorded with the decision: the date on the form (today unless
    // changed) once an outcome is chosen, not when only an action was ticked.
    if (!st.datum && st.uitkomst !== null) {
      var date = form.querySelector("[data-datum]");
      st.datum = (date && date.value) || today();
      remember(d, id, FIELDS.datum[1], "", st.datum);
    }
    st.vingerafdruk = step.vingerafdruk || "";
    st.versie = data.versie;
    st.bijgewerkt = now();
    d.stappen[id] = st;
    d.bijgewerkt = now();
    d.leidraad = { titel: data.titel, versie: data.versie };
    var why = save(store);
    form.setAttribute("data-kb-dossier-id", d.id);
    if (!why || memory) {
      Object.keys(FIELDS).forEach(function (g) {
        var k = d.id + ":" + id + ":" + g;
        if (!form.querySelector('[data-kb-conflict="' + g + '"]')) seen[k] = st[g];
      });
    }
    var status = form.querySelector(".kb-opgeslagen");
    if (withHistory || why) status.textContent = savedText(why, d);
    if (withHistory && !quiet) {
      drawStep(form, data, function (c) { return c === document.activeElement && !!fieldOf(c); });
      showBar(data);
    }
  }

  // Two tabs, one text field: the choice between the text in this tab and the one stored since.
  function showConflict(form, data, control, f, theirs) {
    var box = form.querySelector('[data-kb-conflict="' + f + '"]'), fresh = !box;
    var p = el("p");
    p.appendChild(el("strong", "Intussen elders gewijzigd: "));
    p.appendChild(document.createTextNode("het veld \u201c" + FIELDS[f][1] + "\u201d is in een ander tabblad of venster gewijzigd nadat u begon te typen. " +
      "Daar staat nu: \u201c" + (theirs || "(leeg)") + "\u201d. Hier staat uw tekst; die is nog niet opgeslagen. Welke wilt u houden?"));
    if (!fresh) {  // the buttons stay: a click on one first blurs the field, which lands here
      box.replaceChild(p, box.firstChild);
      return;
    }
    box = el("div", null, "kb-conflict");
    box.setAttribute("data-kb-conflict", f);
    box.setAttribute("role", "alert");
    box.appendChild(p);
    var choice = el("p"), mine = el("button", "Mijn tekst houden", "md-button"), other = el("button", "De andere tekst houden", "md-button");
    mine.type = other.type = "button";
    choice.appendChild(mine);
    choice.appendChild(document.createTextNode(" "));
    choice.appendChild(other);
    box.appendChild(choice);
    mine.addEventListener("click", function () {
      var store = load(), d = formDossier(form, store, data), st = d.stappen[form.getAttribute("data-stap")];
      seen[d.id + ":" + form.getAttribute("data-stap") + ":" + f] = st ? st[f] : "";
      closeConflict(form, f);
      storeChange(form, data, control, true);
      control.focus();
    });
    other.addEventListener("click", function () {
      var store = load(), d = formDossier(form, store, data), sid = form.getAttribute("data-stap"), st = d.stappen[sid];
      var key = d.id + ":" + sid + ":" + f;
      control.value = st ? st[f] : "";
      seen[key] = control.value;
      delete pending[key];
      closeConflict(form, f);
      drawStep(form, data, function () { return false; });
      form.querySelector(".kb-opgeslagen").textContent = "De andere tekst is gehouden; uw tekst is niet opgeslagen.";
      control.focus();
    });
    var where = control.closest("p") || control;
    where.parentNode.insertBefore(box, where.nextSibling);
  }

  function closeConflict(form, f) {
    var box = form.querySelector('[data-kb-conflict="' + f + '"]');
    if (box) box.remove();
  }

  function savedText(why, d) {
    if (!why) return "Opgeslagen in dossier \u201c" + d.zaak + "\u201d in deze browser.";
    if (why === "vol" && !memory) {
      return "Niet opgeslagen: de opslag van deze browser is vol. De eerder opgeslagen stand is ongewijzigd. " +
        "Maak ruimte door dossiers die u niet meer nodig hebt als JSON te downloaden en te verwijderen.";
    }
    return "Niet opgeslagen in deze browser: " + saveProblem(why) + ". Wat u invult blijft alleen bewaard zolang deze pagina open is; download het dossier als JSON om het te bewaren.";
  }

  // Text typed but not yet 'changed' (no blur) still gets its history line when leaving.
  function flushPending() {
    var form = document.querySelector(".kb-stap[data-stap]");
    if (!form || !Object.keys(pending).length) return;
    var data = pageData();
    Object.keys(FIELDS).forEach(function (f) {
      var field = form.querySelector(FIELDS[f][0]), prefix = ":" + form.getAttribute("data-stap") + ":" + f;
      var waiting = Object.keys(pending).some(function (k) { return k.slice(-prefix.length) === prefix; });
      if (field && waiting) storeChange(form, data, field, true, true);
    });
  }

  // Another tab (or an earlier page of this one, back from the browser's cache) changed the
  // dossiers: show what is stored now, leaving alone the field someone is typing in.
  function sync() {
    var data = pageData();
    showBar(data);
    var form = document.querySelector(".kb-stap[data-stap]");
    if (form) drawStep(form, data, function (c) { return c === document.activeElement && !!fieldOf(c); });
    if (data && document.querySelector("[data-kb-dossier]")) renderDossier(data);
    else if (data && !form) initOverview(data);
  }

  // -- overview: progress ---------------------------------------------------------------

  function initOverview(data) {
    var store = load(), d = store.dossiers[store.actief] || newDossier(data), taken = route(data, d);
    document.querySelectorAll("[data-kb-status]").forEach(function (node) {
      var id = node.getAttribute("data-kb-status"), step = taken.byId[id], st = d.stappen[id];
      var onRoute = taken.steps.some(function (s) { return s.id === id; });
      if (!step) return;
      node.textContent = answered(st) ? " — " + statusText(step, st) : (onRoute ? " — volgende op uw route" : "");
    });
    var box = document.querySelector("[data-kb-voortgang]");
    if (!box) return;
    var done = taken.steps.filter(function (s) { return isDone(s, d.stappen[s.id]); });
    if (!done.length) { box.hidden = true; return; }
    box.textContent = "";
    box.appendChild(el("strong", "Voortgang van " + d.zaak + ": "));
    var open = 0;
    taken.steps.forEach(function (s) { open += openCount(s, d.stappen[s.id]); });
    var next = taken.steps.filter(function (s) { return !isDone(s, d.stappen[s.id]) && !s.parallel; })[0];
    box.appendChild(document.createTextNode(done.length + (done.length === 1 ? " stap" : " stappen") +
      " op uw route afgerond; " + open + (open === 1 ? " actie" : " acties") + " op de route nog open. "));
    if (taken.end) {
      box.appendChild(document.createTextNode("Uw route is klaar. Einde: " + taken.end + " "));
    } else if (next) {
      box.appendChild(document.createTextNode("Verder met "));
      var link = el("a", label(next));
      link.href = next.id + "/";
      box.appendChild(link);
      box.appendChild(document.createTextNode(". "));
    }
    var dossier = el("a", "Bekijk het dossier");
    dossier.href = "dossier/";
    box.appendChild(dossier);
    box.appendChild(document.createTextNode("."));
    box.hidden = false;
  }

  // -- dossier: the record ----------------------------------------------------------------

  // Everything about a dossier a reader needs, in the route's order, for screen and Markdown.
  // Steps answered but off the route now chosen (a team that started mid-route, or changed an
  // earlier outcome) are in it too, after the route and marked: a hand-over holds every answer.
  function record(data, d) {
    var taken = route(data, d), onRoute = dict();
    taken.steps.forEach(function (s) { onRoute[s.id] = true; });
    var off = data.stappen.filter(function (s) { return !onRoute[s.id] && answered(d.stappen[s.id]); });
    var rows = taken.steps.concat(off).map(function (step) {
      var st = d.stappen[step.id] || blankStep(), i = outcomeIndex(step, st), t = ticks(step, st);
      var outcome = i === null ? null : step.uitkomsten[i];
      return {
        id: step.id, stap: label(step), vraag: step.vraag, status: statusText(step, st), buiten: !onRoute[step.id],
        gewijzigd: changed(step, st), eerder: changed(step, st) && st.antwoord ? st.antwoord : "",
        uitkomst: outcome ? outcome.antwoord : null,
        volgende: outcome && outcome.volgende ? label(taken.byId[outcome.volgende]) : null,
        einde: outcome && outcome.einde ? outcome.einde : null,
        afgevinkt: step.checklist.map(function (item, n) {
          return has(t, n) ? { tekst: item, op: t[n] } : null;
        }).filter(Boolean),
        open: step.checklist.filter(function (_, n) { return !has(t, n); }),
        wie: st.wie, datum: st.datum, motivering: st.motivering
      };
    });
    var known = dict();
    data.stappen.forEach(function (s) { known[s.id] = true; });
    var removed = Object.keys(d.stappen).filter(function (id) { return !known[id]; }).sort();
    return { route: rows, einde: taken.end, verwijderd: removed };
  }

  var OFF_ROUTE = "buiten de gekozen route";
  var OFF_ROUTE_NOTE = "Buiten de gekozen route: deze stap is beantwoord, maar ligt niet op de route die de gekozen uitkomsten nu volgen. Het antwoord blijft in het dossier.";

  function stepName(names, id) {
    if (!id) return "dossier";
    var step = names[id];
    return step ? label(step) : id + " (niet meer in deze versie van de leidraad)";
  }

  // Text in the Markdown hand-over, shown as written and never as structure: no heading, list
  // item ("- [x]"), quote, table, code block, rule, link or HTML tag can come from a team's
  // answer (or a leidraad text). CommonMark's backslash escapes, entities for < > and &, and
  // line starts made harmless. inline: one line (newlines become spaces); otherwise each line
  // ends in a hard line break, so the text stays one paragraph.
  function md(value, inline) {
    var lines = String(value).split(/\r\n|\r|\n|\u2028|\u2029/).map(function (line) {
      return line.replace(/^[ \t]+/, "")
        .replace(/[\\`*_[\]#|~]/g, "\\$&")
        .replace(/&(?=#?[0-9A-Za-z]+;)/g, "&amp;")
        .replace(/</g, "&lt;").replace(/>/g, "&gt;")
        .replace(/^([-+=])/, "\\$1")
        .replace(/^(\d+)([.)])/, "$1\\$2");
    });
    if (inline) return lines.join(" ");
    return lines.filter(function (line) { return line.trim() !== ""; }).join("  \n");
  }

  function markdown(data, d) {
    var rec = record(data, d), names = byId(data);
    var out = ["# Dossier: " + md(d.zaak, true), "",
      "- Organisatie: " + md(d.organisatie || "—", true), "- Team: " + md(d.team || "—", true),
      "- Leidraad: " + md(data.titel, true) + ", versie " + md(data.versie, true),
      "- Aangemaakt: " + md(when(d.aangemaakt), true), "- Laatst bijgewerkt: " + md(when(d.bijgewerkt), true),
      "- Geëxporteerd: " + md(when(now()), true), ""];
    rec.route.forEach(function (r) {
      out.push("## " + md(r.stap, true) + (r.buiten ? " (" + OFF_ROUTE + ")" : ""), "");
      if (r.buiten) out.push("**" + OFF_ROUTE_NOTE + "**", "");
      out.push("**Vraag:** " + md(r.vraag), "", "**Stand:** " + md(r.status, true), "",
        "**Uitkomst:** " + md(r.uitkomst || "nog niet gekozen", true) +
        (r.volgende ? " → " + md(r.volgende, true) : "") + (r.einde ? " → einde" : ""), "");
      if (r.gewijzigd) out.push("**Gewijzigd sinds uw antwoord:** de stap is aangepast in deze versie van de leidraad." + (r.eerder ? " Eerder gekozen: " + md(r.eerder, true) + "." : ""), "");
      out.push("**Wie besliste:** " + md(r.wie || "—", true) + " · **Datum:** " + md(r.datum || "—", true), "");
      if (r.afgevinkt.length) out.push("Afgevinkt:", "");
      r.afgevinkt.forEach(function (a) { out.push("- [x] " + md(a.tekst, true) + (a.op ? " (afgevinkt op " + md(a.op, true) + ")" : "")); });
      if (r.afgevinkt.length) out.push("");
      if (r.open.length) out.push("Nog open:", "");
      r.open.forEach(function (a) { out.push("- [ ] " + md(a, true)); });
      if (r.open.length) out.push("");
      out.push("**Waarom (besluit en motivering):** " + (r.motivering ? md(r.motivering) : "(geen motivering)"), "");
    });
    if (rec.einde) out.push("## Einde van de route", "", md(rec.einde), "");
    out.push("## Geschiedenis", "");
    if (!d.geschiedenis.length) out.push("(nog geen wijzigingen)");
    d.geschiedenis.forEach(function (h) {
      out.push("- " + md(when(h.tijd), true) + " · " + md(stepName(names, h.stap), true) + " · " + md(h.wat, true) + ": " +
        (h.oud === null ? "—" : md(h.oud, true)) + " → " + (h.nieuw === null ? "—" : md(h.nieuw, true)));
    });
    out.push("");
    return out.join("\n");
  }

  function exported(d) {
    var copy = JSON.parse(JSON.stringify(d));
    copy.geexporteerd = now();
    return JSON.stringify(copy, null, 2) + "\n";
  }

  function fileName(d, ext) {
    var slug = d.zaak.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60);
    return "dossier-" + (slug || "leidraad") + "-" + today() + ext;
  }

  function dl(parent, term, value) {
    parent.appendChild(el("dt", term));
    parent.appendChild(el("dd", value || "—"));
  }

  function renderDossier(data) {
    var store = load(), d = store.dossiers[store.actief];
    var target = document.querySelector("[data-kb-dossier]");
    var blank = document.querySelector("[data-kb-formulier]");
    var intro = document.querySelector("[data-kb-dossier-leeg]");
    var actions = document.querySelector("[data-kb-dossier-acties]");
    renderControls(store);
    target.textContent = "";
    var hasAnswers = !!d && (Object.keys(d.stappen).some(function (id) { return answered(d.stappen[id]); }) || d.geschiedenis.length > 0);
    if (blank) blank.hidden = hasAnswers;
    if (intro) intro.hidden = hasAnswers;
    if (actions) actions.hidden = !d;
    if (!hasAnswers) {
      target.appendChild(el("p", d ? "Dit dossier is nog leeg. Begin bij de eerste stap van de leidraad; " +
        "hieronder staat een leeg formulier om af te drukken." : "U heeft nog geen dossier. Maak er hierboven een aan, open een JSON-bestand, of begin bij de eerste stap van de leidraad; " +
        "hieronder staat een leeg formulier om af te drukken."));
      return;
    }
    var rec = record(data, d);
    target.appendChild(el("h2", "Dossier: " + d.zaak, "kb-dossier-titel")).id = "kb-dossier-titel";
    var facts = el("dl", null, "kb-dossier-feiten");
    dl(facts, "Organisatie", d.organisatie);
    dl(facts, "Team", d.team);
    dl(facts, "Leidraad", data.titel + ", versie " + data.versie);
    dl(facts, "Aangemaakt", when(d.aangemaakt));
    dl(facts, "Laatst bijgewerkt", when(d.bijgewerkt));
    var open = 0, done = 0, onRoute = 0, off = 0;
    rec.route.forEach(function (r) {
      if (r.buiten) { off += 1; return; }
      onRoute += 1;
      open += r.open.length;
      if (r.uitkomst) done += 1;
    });
    dl(facts, "Stand", done + " van " + onRoute + (onRoute === 1 ? " stap" : " stappen") + " op de route afgerond; " + open + (open === 1 ? " actie" : " acties") + " nog open" +
      (rec.einde ? "; de route is klaar" : "") +
      (off ? "; " + off + (off === 1 ? " beantwoorde stap ligt " : " beantwoorde stappen liggen ") + OFF_ROUTE : ""));
    target.appendChild(facts);
    // Contents: only the route taken.
    var nav = el("nav", null, "kb-dossier-inhoud");
    nav.setAttribute("aria-labelledby", "kb-dossier-inhoud-kop");
    nav.appendChild(el("h3", off ? "Inhoud: de route die u nam, en stappen daarbuiten" : "Inhoud: de route die u nam")).id = "kb-dossier-inhoud-kop";
    var toc = el("ol");
    rec.route.forEach(function (r) {
      var li = el("li"), a = el("a", r.stap);
      a.href = "#kb-stap-" + r.id;
      li.appendChild(a);
      li.appendChild(document.createTextNode(" — " + (r.buiten ? OFF_ROUTE + " · " : "") + r.status));
      toc.appendChild(li);
    });
    [["kb-dossier-einde", rec.einde ? "Einde van de route" : null], ["kb-geschiedenis", "Geschiedenis"]].forEach(function (x) {
      if (!x[1]) return;
      var li = el("li"), a = el("a", x[1]);
      a.href = "#" + x[0];
      li.appendChild(a);
      toc.appendChild(li);
    });
    nav.appendChild(toc);
    target.appendChild(nav);
    rec.route.forEach(function (r) {
      var section = el("section", null, "kb-dossier-stap" + (r.gewijzigd ? " kb-dossier-gewijzigd" : "") + (r.buiten ? " kb-dossier-buiten" : ""));
      var h = el("h2", r.stap);
      h.id = "kb-stap-" + r.id;
      if (r.buiten) h.appendChild(el("span", " (" + OFF_ROUTE + ")", "kb-buiten-route"));
      section.appendChild(h);
      if (r.buiten) section.appendChild(el("p", OFF_ROUTE_NOTE, "kb-buiten-uitleg"));
      var q = el("p"); q.appendChild(el("strong", "Vraag: ")); q.appendChild(document.createTextNode(r.vraag));
      section.appendChild(q);
      var s = el("p", null, "kb-stand"); s.appendChild(el("strong", "Stand: ")); s.appendChild(document.createTextNode(r.status));
      section.appendChild(s);
      if (r.gewijzigd) {
        var w = el("p", null, "kb-gewijzigd");
        w.appendChild(el("strong", "Gewijzigd sinds uw antwoord: "));
        w.appendChild(document.createTextNode("deze stap is aangepast in de huidige versie van de leidraad; controleer het antwoord." +
          (r.eerder ? " Eerder gekozen: " + r.eerder + "." : "")));
        section.appendChild(w);
      }
      var a = el("p"); a.appendChild(el("strong", "Uitkomst: "));
      a.appendChild(document.createTextNode((r.uitkomst || "nog niet gekozen") + (r.volgende ? " → " + r.volgende : "")));
      section.appendChild(a);
      var who = el("dl", null, "kb-dossier-feiten");
      dl(who, "Wie besliste", r.wie);
      dl(who, "Datum", r.datum);
      section.appendChild(who);
      [["Afgevinkt", r.afgevinkt, "✓ "], ["Nog open", r.open, "☐ "]].forEach(function (part) {
        if (!part[1].length) return;
        section.appendChild(el("h3", part[0] + " (" + part[1].length + ")"));
        var list = el("ul", null, "kb-dossier-acties-lijst");
        part[1].forEach(function (item) {
          list.appendChild(el("li", part[2] + (typeof item === "string" ? item : item.tekst + (item.op ? " (afgevinkt op " + item.op + ")" : ""))));
        });
        section.appendChild(list);
      });
      section.appendChild(el("h3", "Waarom: besluit en motivering"));
      section.appendChild(el("p", r.motivering || "(geen motivering)", "kb-notitie"));
      target.appendChild(section);
    });
    if (rec.einde) {
      var end = el("section", null, "kb-dossier-einde");
      end.appendChild(el("h2", "Einde van de route")).id = "kb-dossier-einde";
      end.appendChild(el("p", rec.einde));
      target.appendChild(end);
    }
    var hist = el("section", null, "kb-geschiedenis");
    hist.appendChild(el("h2", "Geschiedenis")).id = "kb-geschiedenis";
    hist.appendChild(el("p", "Elke wijziging in dit dossier, oudste eerst. Regels worden alleen toegevoegd, nooit gewist." +
      (rec.verwijderd.length ? " Antwoorden op stappen die niet meer in deze versie van de leidraad staan (" + rec.verwijderd.join(", ") + ") blijven hier en in de JSON bewaard." : "")));
    var wrap = el("div", null, "kb-tabel");
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", "Geschiedenis van het dossier");
    wrap.setAttribute("tabindex", "0");
    var table = el("table");
    var head = el("tr");
    ["Tijd", "Stap", "Wat", "Oud", "Nieuw"].forEach(function (t) { head.appendChild(el("th", t)); });
    var thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
    var body = el("tbody");
    table.appendChild(body);
    wrap.appendChild(table);
    historyPages(hist, body, data, d);
    hist.appendChild(wrap);
    // Answers to steps no longer in the leidraad: shown in full, not only in the history.
    if (rec.verwijderd.length > REMOVED_SHOWN) {
      hist.appendChild(el("p", "Hieronder de eerste " + REMOVED_SHOWN + " van " + count(rec.verwijderd.length) +
        " stappen die niet meer in de leidraad staan; de JSON-download bevat ze alle."));
    }
    rec.verwijderd.slice(0, REMOVED_SHOWN).forEach(function (id) {
      var st = d.stappen[id];
      var p = el("p", null, "kb-gewijzigd");
      p.appendChild(el("strong", "Stap '" + id + "' (niet meer in deze versie): "));
      p.appendChild(document.createTextNode("uitkomst: " + (st.antwoord || "—") + "; wie: " + (st.wie || "—") +
        "; datum: " + (st.datum || "—") + "; motivering: " + (st.motivering || "—")));
      hist.appendChild(p);
    });
    target.appendChild(hist);
  }

  // The history, HISTORY_PAGE lines at a time (the newest first shown, oldest first within
  // them): drawing every line of a long history would take seconds on every visit.
  var historyView = { id: "", end: 0, latest: true };
  var REMOVED_SHOWN = 100;

  function count(n) { return n.toLocaleString("nl-NL"); }

  function historyPages(hist, body, data, d) {
    var lines = d.geschiedenis, total = lines.length, names = byId(data);
    if (historyView.id !== d.id) historyView = { id: d.id, end: total, latest: true };
    if (historyView.latest || historyView.end > total) historyView.end = total;
    var pager = null, where = null, earlier = null, later = null;
    if (total > HISTORY_PAGE) {
      pager = el("p", null, "kb-geschiedenis-paginas");
      where = el("span");
      where.setAttribute("role", "status");
      earlier = el("button", "Eerdere regels", "md-button");
      later = el("button", "Latere regels", "md-button");
      earlier.type = later.type = "button";
      pager.appendChild(where);
      pager.appendChild(document.createTextNode(" "));
      pager.appendChild(earlier);
      pager.appendChild(document.createTextNode(" "));
      pager.appendChild(later);
      earlier.addEventListener("click", function () { draw(Math.max(HISTORY_PAGE, historyView.end - HISTORY_PAGE)); });
      later.addEventListener("click", function () { draw(Math.min(total, historyView.end + HISTORY_PAGE)); });
      hist.appendChild(pager);
    }
    function draw(end) {
      historyView.end = end;
      historyView.latest = end === total;
      var start = Math.max(0, end - HISTORY_PAGE);
      body.textContent = "";
      for (var i = start; i < end; i++) {
        var h = lines[i], tr = el("tr");
        [when(h.tijd), stepName(names, h.stap), h.wat, h.oud === null ? "—" : h.oud, h.nieuw === null ? "—" : h.nieuw]
          .forEach(function (t) { tr.appendChild(el("td", t)); });
        body.appendChild(tr);
      }
      if (!pager) return;
      where.textContent = "Regels " + count(start + 1) + " tot en met " + count(end) + " van " + count(total) +
        " (" + HISTORY_PAGE + " tegelijk; de downloads bevatten alle regels).";
      earlier.disabled = start === 0;
      later.disabled = end === total;
    }
    draw(historyView.end);
  }

  // -- dossier: managing dossiers ---------------------------------------------------------

  function renderControls(store) {
    var box = document.querySelector("[data-kb-beheer]");
    if (!box) return;
    var select = box.querySelector("[data-kb-kies]");
    select.textContent = "";
    var ids = Object.keys(store.dossiers).sort(function (a, b) {
      return store.dossiers[a].zaak.localeCompare(store.dossiers[b].zaak, "nl") || (a < b ? -1 : 1);
    });
    if (!ids.length) select.appendChild(el("option", "(nog geen dossier)"));
    ids.forEach(function (id) {
      var option = el("option", describe(store.dossiers[id]));
      option.value = id;
      option.selected = id === store.actief;
      select.appendChild(option);
    });
    select.disabled = !ids.length;
    var d = store.dossiers[store.actief];
    box.querySelectorAll("[data-kb-veld]").forEach(function (input) {
      if (input !== document.activeElement) input.value = d ? d[input.getAttribute("data-kb-veld")] : "";
      input.disabled = !d;
    });
    box.querySelector("[data-kb-hernoem]").disabled = !d;
    box.querySelector("[data-kb-verwijder]").disabled = !d;
    box.hidden = false;
  }

  function controlStatus(message) {
    var status = document.querySelector("[data-kb-beheer-status]");
    if (status) status.textContent = message;
  }

  function refresh(data) {
    showBar(data);
    if (document.querySelector("[data-kb-dossier]")) renderDossier(data);
  }

  function createDossier(data) {
    var fields = {};
    document.querySelectorAll("[data-kb-nieuw]").forEach(function (input) {
      fields[input.getAttribute("data-kb-nieuw")] = input.value.trim();
    });
    if (!fields.zaak) { controlStatus("Geef de zaak een naam om een dossier aan te maken."); return; }
    var store = load(), d = newDossier(data, fields);
    d.geschiedenis.push({ tijd: now(), stap: "", wat: "dossier aangemaakt", oud: null, nieuw: describe(d) });
    store.dossiers[d.id] = d;
    store.actief = d.id;
    var why = save(store);
    if (why && !memory) { refresh(data); controlStatus("Dossier \u201c" + d.zaak + "\u201d is niet aangemaakt: " + saveProblem(why) + ". Er is niets veranderd."); return; }
    document.querySelectorAll("[data-kb-nieuw]").forEach(function (input) { input.value = ""; });
    refresh(data);
    controlStatus("Dossier \u201c" + d.zaak + "\u201d aangemaakt; het is nu het actieve dossier.");
  }

  function renameDossier(data) {
    var store = load(), d = store.dossiers[store.actief];
    if (!d) return;
    var before = describe(d);
    document.querySelectorAll("[data-kb-veld]").forEach(function (input) {
      var field = input.getAttribute("data-kb-veld"), value = input.value.trim();
      if (field === "zaak" && !value) return;
      d[field] = value;
    });
    remember(d, "", "gegevens van het dossier", before, describe(d));
    d.bijgewerkt = now();
    var why = save(store);
    refresh(data);
    controlStatus(why && !memory ? "Gegevens niet opgeslagen: " + saveProblem(why) + ". Er is niets veranderd." :
      "Gegevens opgeslagen: " + describe(d) + ".");
  }

  function deleteDossier(data) {
    var store = load(), d = store.dossiers[store.actief];
    if (!d) return;
    if (!window.confirm("Dossier \u201c" + d.zaak + "\u201d met alle antwoorden en de geschiedenis uit deze browser verwijderen? Download het eerst als JSON als u het wilt bewaren.")) return;
    store = load();  // afresh: the dialog may have been open while another tab wrote
    if (!store.dossiers[d.id]) return;
    delete store.dossiers[d.id];
    store.actief = Object.keys(store.dossiers)[0] || "";
    save(store);
    refresh(data);
    controlStatus("Dossier \u201c" + d.zaak + "\u201d is verwijderd.");
  }

  // Add a checked dossier as a new one next to the others (its own id while this browser has
  // no dossier with it, so that opening the same file again can offer to update it; else a
  // new id; a name of its own, a line in its history); returns the copy that was added.
  function adopt(store, value, wat, source) {
    var d = cleanDossier(value);
    if (!d.id || store.dossiers[d.id]) d.id = newId();
    var names = Object.keys(store.dossiers).map(function (id) { return store.dossiers[id].zaak; });
    if (names.indexOf(d.zaak) !== -1) d.zaak += " (geopend " + today() + ")";
    d.geschiedenis.push({ tijd: now(), stap: "", wat: wat, oud: null, nieuw: source });
    store.dossiers[d.id] = d;
    store.actief = d.id;
    return d;
  }

  // Open a dossier file: what the schema refuses, what is too large to keep, and what the
  // storage has no room for are refused with the reason, and then nothing has changed.
  function openFile(data, input) {
    var file = input.files && input.files[0];
    if (!file) return;
    input.value = "";
    var name = "\u201c" + file.name + "\u201d";
    if (file.size > FILE_LIMIT) {
      controlStatus(name + " is niet geopend: het bestand is " + megabytes(file.size) + "; een dossierbestand mag hoogstens " +
        megabytes(FILE_LIMIT) + " zijn. Er is niets veranderd.");
      return;
    }
    var reader = new FileReader();
    reader.onload = function () {
      var value = null, problem = null;
      try { value = JSON.parse(String(reader.result)); } catch (e) { problem = "het is geen geldige JSON"; }
      if (!problem) problem = dossierProblem(value);
      if (problem) {
        controlStatus(name + " is niet geopend: " + problem + ". Er is niets veranderd.");
        return;
      }
      var dropped = unknownFields(value), size = JSON.stringify(cleanDossier(value)).length;
      if (size > STORED_LIMIT) {
        controlStatus(name + " is niet geopend: het dossier is te groot om in deze browser te bewaren (" + millions(size) +
          "; de opslag van een browser houdt ongeveer 5 miljoen tekens voor alle dossiers samen, en één dossier mag er hoogstens " +
          millions(STORED_LIMIT) + " van innemen). Er is niets veranderd.");
        return;
      }
      var existing = load().dossiers[value.id];
      if (existing && isText(value.id)) { offerUpdate(data, value, existing, name, file.name, dropped); return; }
      var store = load(), d = adopt(store, value, "geopend uit bestand", file.name);
      var why = save(store);
      refresh(data);
      if (why && !memory) {
        controlStatus(name + " is niet geopend: " + saveProblem(why) + (why === "vol" ? " (dit dossier neemt " + millions(size) +
          " in). Er is niets veranderd: de dossiers die er al stonden, staan er nog. Maak ruimte door dossiers die u niet meer nodig hebt als JSON te downloaden en te verwijderen." :
          ". Er is niets veranderd."));
        return;
      }
      controlStatus(name + " is geopend als nieuw dossier \u201c" + d.zaak + "\u201d; het is nu het actieve dossier." +
        (dropped ? " Velden die het dossierformaat niet kent, zijn niet overgenomen." : "") +
        (why ? " Let op: " + saveProblem(why) + ", dus het blijft alleen bewaard zolang deze pagina open is." : ""));
    };
    reader.onerror = function () { controlStatus(name + " kon niet worden gelezen. Er is niets veranderd."); };
    reader.readAsText(file);
  }

  // A file of a dossier this browser already has (the same id): what updating would change,
  // in a few words, and the choice between updating it and opening the file as a new one.
  function stepSame(a, b) {
    var pick = function (st) {
      return st ? JSON.stringify([st.uitkomst, st.antwoord, st.wie, st.datum, st.motivering,
        st.acties.map(function (x) { return [x.nummer, x.tekst, x.afgevinkt]; })]) : "";
    };
    return pick(a) === pick(b);
  }
  function lineKey(h) { return JSON.stringify([h.tijd, h.stap, h.wat, h.oud, h.nieuw]); }

  function differences(data, existing, incoming) {
    var names = data ? byId(data) : dict(), ids = dict(), steps = [], added = 0, removed = 0;
    Object.keys(existing.stappen).concat(Object.keys(incoming.stappen)).forEach(function (id) { ids[id] = true; });
    Object.keys(ids).forEach(function (id) {
      var a = has(existing.stappen, id) ? existing.stappen[id] : null, b = has(incoming.stappen, id) ? incoming.stappen[id] : null;
      if (stepSame(a, b)) return;
      steps.push(names[id] ? label(names[id]) : id);
      var tick = function (x) { return x.nummer + "\u0000" + x.tekst; };
      var before = (a ? a.acties : []).map(tick), after = (b ? b.acties : []).map(tick);
      after.forEach(function (t) { if (before.indexOf(t) === -1) added += 1; });
      before.forEach(function (t) { if (after.indexOf(t) === -1) removed += 1; });
    });
    var known = dict();
    existing.geschiedenis.forEach(function (h) { known[lineKey(h)] = true; });
    var lines = incoming.geschiedenis.filter(function (h) { return !known[lineKey(h)]; }).length;
    return { steps: steps, added: added, removed: removed, lines: lines,
      older: incoming.bijgewerkt < existing.bijgewerkt };
  }

  function summary(diff, existing, incoming) {
    if (!diff.steps.length && !diff.lines) return "Het bestand bevat niets dat niet al in dit dossier staat.";
    var parts = [];
    var n = diff.steps.length;
    parts.push(n ? n + (n === 1 ? " stap gewijzigd" : " stappen gewijzigd") + " (" + diff.steps.slice(0, 5).join("; ") +
      (n > 5 ? "; en " + (n - 5) + " meer" : "") + ")" : "geen stap gewijzigd");
    parts.push(diff.added + (diff.added === 1 ? " actie" : " acties") + " afgevinkt die hier nog open " + (diff.added === 1 ? "staat" : "staan"));
    if (diff.removed) parts.push(diff.removed + (diff.removed === 1 ? " afgevinkte actie" : " afgevinkte acties") + " hier, open in het bestand");
    parts.push(diff.lines + (diff.lines === 1 ? " nieuwe regel" : " nieuwe regels") + " in de geschiedenis");
    return "Bijwerken verandert: " + parts.join("; ") + "." + (diff.older ?
      " Let op: het dossier in deze browser is later bijgewerkt (" + when(existing.bijgewerkt) + ") dan het bestand (" +
      when(incoming.bijgewerkt) + "); bijwerken zet de antwoorden terug naar die van het bestand." : "");
  }

  function offerUpdate(data, value, existing, name, fileName, dropped) {
    var incoming = cleanDossier(value), diff = differences(data, existing, incoming);
    var status = document.querySelector("[data-kb-beheer-status]");
    if (!status) return;
    closeOffer();
    var box = el("div", null, "kb-bijwerken");
    box.setAttribute("data-kb-bijwerken", "");
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", "Dossier bijwerken of als nieuw openen");
    box.appendChild(el("p", summary(diff, existing, incoming)));
    var p = el("p"), update = el("button", "Bijwerken", "md-button"), fresh = el("button", "Als nieuw dossier openen", "md-button");
    var cancel = el("button", "Annuleren", "md-button");
    update.type = fresh.type = cancel.type = "button";
    [update, fresh, cancel].forEach(function (b, i) { if (i) p.appendChild(document.createTextNode(" ")); p.appendChild(b); });
    box.appendChild(p);
    status.parentNode.insertBefore(box, status.nextSibling);
    controlStatus(name + " is een dossier dat al in deze browser staat: \u201c" + existing.zaak +
      "\u201d. Kies of u het bestaande dossier wilt bijwerken met het bestand, of het bestand als nieuw dossier wilt openen. " +
      "Er is nog niets veranderd.");
    update.addEventListener("click", function () {
      closeOffer();
      var store = load(), current = store.dossiers[incoming.id];
      var d = JSON.parse(JSON.stringify(incoming));
      d.stappen = toDict(d.stappen);
      var known = dict();
      d.geschiedenis = current ? current.geschiedenis.slice() : [];
      d.geschiedenis.forEach(function (h) { known[lineKey(h)] = true; });
      incoming.geschiedenis.forEach(function (h) { if (!known[lineKey(h)]) d.geschiedenis.push(h); });
      d.geschiedenis.push({ tijd: now(), stap: "", wat: "bijgewerkt uit bestand", oud: null, nieuw: fileName });
      store.dossiers[d.id] = d;
      store.actief = d.id;
      var why = save(store);
      refresh(data);
      if (why && !memory) { controlStatus(name + " is niet verwerkt: " + saveProblem(why) + ". Er is niets veranderd."); return; }
      controlStatus("Dossier \u201c" + d.zaak + "\u201d is bijgewerkt uit " + name + "; het is nu het actieve dossier." +
        (dropped ? " Velden die het dossierformaat niet kent, zijn niet overgenomen." : "") +
        (why ? " Let op: " + saveProblem(why) + ", dus het blijft alleen bewaard zolang deze pagina open is." : ""));
    });
    fresh.addEventListener("click", function () {
      closeOffer();
      var store = load(), d = adopt(store, value, "geopend uit bestand", fileName), why = save(store);
      refresh(data);
      if (why && !memory) { controlStatus(name + " is niet geopend: " + saveProblem(why) + ". Er is niets veranderd."); return; }
      controlStatus(name + " is geopend als nieuw dossier \u201c" + d.zaak + "\u201d; het is nu het actieve dossier." +
        (dropped ? " Velden die het dossierformaat niet kent, zijn niet overgenomen." : ""));
    });
    cancel.addEventListener("click", function () { closeOffer(); controlStatus(name + " is niet geopend. Er is niets veranderd."); });
    update.focus();
  }

  function closeOffer() {
    var old = document.querySelector("[data-kb-bijwerken]");
    if (old) old.remove();
  }

  // -- flowchart ------------------------------------------------------------------------

  var mermaidLoading = null;

  function loadMermaid() {
    if (window.mermaid) return Promise.resolve(window.mermaid);
    if (!mermaidLoading) {
      mermaidLoading = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = mermaidUrl;
        tag.addEventListener("load", function () { resolve(window.mermaid); });
        tag.addEventListener("error", reject);
        document.head.appendChild(tag);
      });
    }
    return mermaidLoading;
  }

  function drawFlowchart(box) {
    var source = box.querySelector(".kb-stroomschema-bron");
    if (!source || !mermaidUrl || box.querySelector("svg")) return;
    var links = dict();
    try { links = toDict(JSON.parse(box.getAttribute("data-links") || "{}")); } catch (e) { links = dict(); }
    loadMermaid().then(function (mermaid) {
      mermaid.initialize({
        startOnLoad: false, securityLevel: "strict", theme: "neutral",
        fontSize: 16, htmlLabels: false,
        // Natural size in a region that scrolls both ways (kennisbank.css undoes Material's
        // max-width: 100%): scaled down to fit, a route of a dozen steps becomes unreadable.
        flowchart: { htmlLabels: false, useMaxWidth: false, nodeSpacing: 40, rankSpacing: 60, wrappingWidth: 260, padding: 12 },
        themeCSS: ".kbEinde rect, .kbEinde path { fill: #eef3ee; } .edgeLabel rect, .labelBkg { fill: #ffffff; opacity: 1; }"
      });
      return mermaid.render("kb-stroomschema-svg", source.textContent);
    }).then(function (result) {
      var holder = document.createElement("div");
      holder.className = "kb-stroomschema-figuur";
      // A scrollable region must be reachable by keyboard (WCAG 2.1.1) and named.
      holder.setAttribute("tabindex", "0");
      holder.setAttribute("role", "region");
      holder.setAttribute("aria-label", "Stroomschema op ware grootte (schuif met de pijltjestoetsen om alles te zien)");
      // Mermaid's own output, sanitised by Mermaid (securityLevel strict); our labels reach
      // it as entity-coded text, so no content becomes markup.
      var svgDoc = new DOMParser().parseFromString(result.svg, "image/svg+xml");
      var svg = document.importNode(svgDoc.documentElement, true);
      svg.querySelectorAll("script, foreignObject").forEach(function (n) { n.remove(); });
      // In SVG text Mermaid leaves our #code; escapes as literal "&#60;": turn them back
      // into the characters, as text nodes (nodeValue), so content is shown as written.
      // A long word may be wrapped inside an escape, so an unfinished one moves on to the
      // next piece of the same label.
      svg.querySelectorAll("text").forEach(function (label) {
        var walker = document.createTreeWalker(label, NodeFilter.SHOW_TEXT), carry = "", last = null;
        for (var t = walker.nextNode(); t; t = walker.nextNode()) {
          var value = carry + t.nodeValue, partial = /&(#\d*)?$/.exec(value);
          carry = partial ? partial[0] : "";
          t.nodeValue = decodeCodes(partial ? value.slice(0, partial.index) : value);
          last = t;
        }
        if (last && carry) last.nodeValue += carry;
      });
      svg.setAttribute("role", "group");
      svg.setAttribute("aria-label", "Stroomschema van de leidraad; dezelfde route staat hieronder als lijst");
      svg.querySelectorAll("g.node").forEach(function (node) {
        var match = /flowchart-(n\d+)-\d+$/.exec(node.id);
        if (!match || !links[match[1]]) return;
        var anchor = document.createElementNS("http://www.w3.org/2000/svg", "a");
        anchor.setAttribute("href", links[match[1]]);
        node.parentNode.insertBefore(anchor, node);
        anchor.appendChild(node);
      });
      holder.appendChild(svg);
      box.appendChild(holder);
      zoom(svg, 0);
      separateLabels(svg);
      // Start where the route starts: the first step in view, not an empty corner. The chart
      // starts at a size its labels can be read at, also on a phone (the text above it links
      // to the route as a list, and "Passend maken" shows the whole chart).
      var first = svg.querySelector("g.node");
      if (first) {
        var r = first.getBoundingClientRect(), h = holder.getBoundingClientRect();
        holder.scrollLeft = Math.max(0, r.left - h.left + r.width / 2 - h.width / 2);
      }
      var tools = el("p", null, "kb-stroomschema-zoom");
      // "Passend maken": the whole chart in the region at once, an overview on a phone too
      // (its labels then too small to read; the route as a list below is the readable form).
      [["Kleiner", 0.8], ["Ware grootte", 0], ["Groter", 1.25], ["Passend maken", -1]].forEach(function (z) {
        var b = el("button", z[0], "md-button");
        b.type = "button";
        if (z[1] === -1) b.setAttribute("aria-describedby", "kb-stroomschema-passend");
        b.addEventListener("click", function () {
          zoom(svg, z[1]);
          if (z[1] === -1) { holder.scrollLeft = 0; holder.scrollTop = 0; }
        });
        tools.appendChild(b);
        tools.appendChild(document.createTextNode(" "));
      });
      var hint = el("span", "Passend maken toont het hele schema in één keer; de stappen leest u in de lijst hieronder.", "kb-stroomschema-uitleg");
      hint.id = "kb-stroomschema-passend";
      tools.appendChild(hint);
      box.insertBefore(tools, holder);
    }).catch(function () {
      box.appendChild(el("p", "Het stroomschema kon niet worden getekend; de route staat hieronder als lijst."));
    });
  }

  // Dagre sometimes places two edge labels on top of each other; move the lower one down
  // until no label covers another (a few pixels off its edge, but readable).
  function separateLabels(svg) {
    var labels = [].slice.call(svg.querySelectorAll("g.edgeLabel")).filter(function (g) {
      return g.getBoundingClientRect().height > 0;
    });
    var scale = svg.getScreenCTM() ? svg.getScreenCTM().a : 1;
    for (var round = 0; round < 20; round++) {
      var moved = false;
      for (var i = 0; i < labels.length; i++) {
        for (var j = 0; j < labels.length; j++) {
          if (i === j) continue;
          var a = labels[i].getBoundingClientRect(), b = labels[j].getBoundingClientRect();
          if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom && a.top <= b.top) {
            var dy = (a.bottom - b.top + 4) / scale;
            labels[j].setAttribute("transform", (labels[j].getAttribute("transform") || "") + " translate(0," + dy + ")");
            moved = true;
          }
        }
      }
      if (!moved) return;
    }
  }

  function decodeCodes(value) {
    return value.replace(/&#(\d+);/g, function (_, code) { return String.fromCharCode(Number(code)); });
  }

  // Scale the chart; "Kleiner" never below the size where its smallest label is 12 px. factor
  // 0: natural size; -1: fit the whole chart in the region (width and height).
  function zoom(svg, factor) {
    var box = svg.viewBox && svg.viewBox.baseVal && svg.viewBox.baseVal.width ? svg.viewBox.baseVal : null;
    var natural = box ? box.width : svg.getBoundingClientRect().width;
    var current = parseFloat(svg.getAttribute("data-kb-schaal") || "1"), next;
    if (factor === -1) {
      var holder = svg.parentNode, high = box ? box.height : svg.getBoundingClientRect().height;
      var room = Math.min(window.innerHeight * 0.85, window.innerHeight - 16);
      next = Math.min(1, (holder.clientWidth - 2) / natural, room / high);
    } else {
      next = factor === 0 ? 1 : Math.min(3, Math.max(Math.min(0.75, current), current * factor));
    }
    svg.setAttribute("data-kb-schaal", String(next));
    svg.style.width = Math.round(natural * next) + "px";
    svg.style.height = "auto";
  }

  // -- wiring ---------------------------------------------------------------------------

  function init() {
    var data = pageData();
    showBar(data);
    var form = document.querySelector(".kb-stap[data-stap]");
    if (form) initStep(form, data);
    if (data && document.querySelector("[data-kb-dossier]")) renderDossier(data);
    else if (data) initOverview(data);
    var box = document.querySelector(".kb-stroomschema");
    if (box) drawFlowchart(box);
  }

  document.addEventListener("change", function (event) {
    var form = event.target.closest && event.target.closest(".kb-stap[data-stap]");
    if (form) {
      var t = event.target;
      if (t.hasAttribute("data-actie") || t.hasAttribute("data-uitkomst") || fieldOf(t)) storeChange(form, pageData(), t, true);
      return;
    }
    if (event.target.matches("[data-kb-kies]")) {
      var store = load();
      if (store.dossiers[event.target.value]) {
        store.actief = event.target.value;
        save(store);
        refresh(pageData());
        controlStatus("Actief dossier: " + describe(store.dossiers[store.actief]) + ".");
      }
    } else if (event.target.matches("[data-kb-open]")) {
      openFile(pageData(), event.target);
    }
  });
  document.addEventListener("input", function (event) {
    var form = event.target.closest && event.target.closest(".kb-stap[data-stap]");
    if (form && event.target.matches("[data-notitie], [data-wie]")) storeChange(form, pageData(), event.target, false);
  });
  window.addEventListener("pagehide", flushPending);
  // Two tabs on one dossier stay in step: another tab's write arrives as a 'storage' event.
  window.addEventListener("storage", function (event) {
    var k = event.key;
    if (k === null || k === STORE || k.indexOf(ASIDE) === 0) sync();
  });
  window.addEventListener("pageshow", function (event) { if (event.persisted) sync(); });
  document.addEventListener("click", function (event) {
    var target = event.target.closest && event.target.closest(
      "[data-kb-wis], [data-kb-print], [data-kb-download], [data-kb-maak], [data-kb-hernoem], [data-kb-verwijder], " +
      "[data-kb-apart-download], [data-kb-apart-wis], [data-kb-apart-een], [data-kb-apart-opnieuw], [data-kb-apart-een-wis], a[href]");
    if (!target) return;
    if (target.matches("a[href]")) { flushPending(); return; }
    var data = pageData();
    if (target.hasAttribute("data-kb-print")) { window.print(); return; }
    if (target.hasAttribute("data-kb-maak")) { createDossier(data); return; }
    if (target.hasAttribute("data-kb-hernoem")) { renameDossier(data); return; }
    if (target.hasAttribute("data-kb-verwijder")) { deleteDossier(data); return; }
    if (target.hasAttribute("data-kb-apart-download")) {
      var aside = dict();
      asideKeys().forEach(function (k) { aside[k] = getItem(k); });
      saveFile("leidraad-apart-gezet-" + today() + ".json", JSON.stringify(aside, null, 2) + "\n", "application/json");
      return;
    }
    if (target.hasAttribute("data-kb-apart-een")) {
      var one = asideEntry(target.getAttribute("data-kb-apart-een"));
      if (one) saveFile("leidraad-apart-gezet-" + one.tijd.replace(/[^0-9]+/g, "-") + ".json", one.waarde, "application/json");
      return;
    }
    if (target.hasAttribute("data-kb-apart-opnieuw")) { retryAside(data, target.getAttribute("data-kb-apart-opnieuw")); return; }
    if (target.hasAttribute("data-kb-apart-een-wis")) {
      if (window.confirm("Deze apart gezette gegevens definitief uit deze browser verwijderen? Download ze eerst als u ze wilt bewaren.")) {
        removeItem(target.getAttribute("data-kb-apart-een-wis"));
        asideNote = "";
        showBar(data);
      }
      return;
    }
    if (target.hasAttribute("data-kb-apart-wis")) {
      if (window.confirm("De apart gezette gegevens definitief uit deze browser verwijderen? Download ze eerst als u ze wilt bewaren.")) {
        asideKeys().forEach(removeItem);
        asideNote = "";
        showBar(data);
      }
      return;
    }
    var store = load(), d = store.dossiers[store.actief];
    if (target.hasAttribute("data-kb-download") && data && d) {
      var kind = target.getAttribute("data-kb-download");
      if (kind === "json") saveFile(fileName(d, ".json"), exported(d), "application/json");
      else saveFile(fileName(d, ".md"), markdown(data, d), "text/markdown");
      return;
    }
    if (target.hasAttribute("data-kb-wis") && d &&
        window.confirm("Alle antwoorden in dossier \u201c" + d.zaak + "\u201d wissen? De geschiedenis blijft bewaard.")) {
      store = load();  // afresh: the dialog may have been open while another tab wrote
      d = store.dossiers[d.id];
      if (!d) return;
      Object.keys(d.stappen).forEach(function (id) {
        var st = d.stappen[id];
        if (st.antwoord) remember(d, id, "uitkomst", st.antwoord, null);
      });
      d.geschiedenis.push({ tijd: now(), stap: "", wat: "alle antwoorden gewist", oud: null, nieuw: null });
      d.stappen = dict();
      d.bijgewerkt = now();
      save(store);
      init();
    }
  });

  // For tests: the check a dossier file must pass (tests/test_shared_vectors_browser.py).
  window.kennisbankLeidraad = { dossierProblem: dossierProblem };

  // Material's instant navigation swaps pages without a reload and announces it on document$.
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
