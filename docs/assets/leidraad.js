// The leidraad in the browser: dossiers kept in localStorage (several side by side, each with
// who/when/why per step, tick dates and an append-only history), progress, the filled-in
// dossier (print, Markdown, JSON, and a JSON file opened again as a new dossier) and the
// flowchart drawn by the self-hosted Mermaid. Nothing is sent anywhere. Every page works
// without this script. Content is only ever inserted as text (textContent), never as HTML;
// a stored value this script cannot read is set aside under its own key, never dropped.
(function () {
  "use strict";

  var STORE = "kennisbank:leidraad:dossiers";
  var ASIDE = "kennisbank:leidraad:apart:";
  var LEGACY = "kennisbank:leidraad:";  // + versie: one unnamed dossier per leidraad version
  var FORMAT = "kennisbank-leidraad-dossier";
  var FORMAT_VERSION = 1;
  var script = document.currentScript;
  var mermaidUrl = script ? script.src.replace(/leidraad\.js(\?.*)?$/, "vendor/mermaid/mermaid.min.js") : null;
  var memory = null;   // the store when localStorage cannot be used
  var storageOk = true;

  // -- small helpers ----------------------------------------------------------------------

  function isObject(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }
  function isText(v) { return typeof v === "string"; }
  function textOrNull(v) { return v === null || typeof v === "string"; }
  // A JSON Schema "integer" with "minimum": 0 (Infinity, from a number such as 1e999, is none).
  function isCount(v) { return Number.isInteger(v) && v >= 0; }
  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" +
      String(d.getDate()).padStart(2, "0");
  }
  function now() { return new Date().toISOString(); }
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

  function storeProblem(s) {
    if (!isObject(s) || s.formaatversie !== FORMAT_VERSION || !isText(s.actief) || !isObject(s.dossiers)) {
      return "geen dossiers in het verwachte formaat";
    }
    var ids = Object.keys(s.dossiers);
    for (var i = 0; i < ids.length; i++) {
      var p = dossierProblem(s.dossiers[ids[i]]);
      if (p) return p;
    }
    return null;
  }

  // -- storage ----------------------------------------------------------------------------

  function getItem(k) {
    try { return window.localStorage.getItem(k); } catch (e) { storageOk = false; return null; }
  }
  function setItem(k, v) {
    try { window.localStorage.setItem(k, v); return true; } catch (e) { storageOk = false; return false; }
  }
  function storageKeys() {
    var keys = [];
    try {
      for (var i = 0; i < window.localStorage.length; i++) keys.push(window.localStorage.key(i));
    } catch (e) { /* unavailable */ }
    return keys;
  }

  // Keep a value we cannot use under a key of its own, for the team to download.
  function setAside(raw, why) {
    setItem(ASIDE + now(), JSON.stringify({ reden: why, waarde: raw }));
  }

  function emptyStore() { return { formaatversie: FORMAT_VERSION, actief: "", dossiers: {} }; }

  function newDossier(data, fields) {
    var d = {
      formaat: FORMAT, formaatversie: FORMAT_VERSION, id: newId(),
      zaak: (fields && fields.zaak) || "", organisatie: (fields && fields.organisatie) || "",
      team: (fields && fields.team) || "", aangemaakt: now(), bijgewerkt: now(),
      leidraad: { titel: data ? data.titel : "", versie: data ? data.versie : "" },
      stappen: {}, geschiedenis: []
    };
    if (!d.zaak) d.zaak = "Dossier van " + today();
    return d;
  }

  // Answers saved by the earlier version of this script (one set per leidraad version).
  function migrateLegacy(store) {
    storageKeys().forEach(function (k) {
      if (!k || k.indexOf(LEGACY) !== 0 || k === STORE || k.indexOf(ASIDE) === 0) return;
      var versie = k.slice(LEGACY.length), raw = getItem(k), old = null;
      try { old = JSON.parse(raw); } catch (e) { old = null; }
      if (!isObject(old) || !isObject(old.stappen)) {
        setAside(raw, "antwoorden van versie " + versie + " in een onleesbaar formaat");
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
      }
      try { window.localStorage.removeItem(k); } catch (e) { /* kept */ }
    });
  }

  function load() {
    if (memory) return memory;
    var raw = getItem(STORE), store = null;
    if (raw !== null) {
      try { store = JSON.parse(raw); } catch (e) { store = null; }
      var problem = store === null ? "geen geldige JSON" : storeProblem(store);
      if (problem) {
        setAside(raw, problem);
        store = null;
      }
    }
    var repair = !store && raw !== null;
    if (!store) store = emptyStore();
    var before = Object.keys(store.dossiers).length;
    migrateLegacy(store);
    if (repair || Object.keys(store.dossiers).length !== before) save(store);
    if (!store.dossiers[store.actief]) store.actief = Object.keys(store.dossiers)[0] || "";
    if (!storageOk) memory = store;
    return store;
  }

  function save(store) {
    var ok = storageOk && setItem(STORE, JSON.stringify(store));
    if (!ok) memory = store;
    return ok;
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
    var map = {};
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
    var result = {};
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
    if (changed(step, st)) parts.push("gewijzigd sinds je antwoord");
    return parts.join(" · ");
  }

  // The route a team took: from the start, following each chosen outcome.
  function route(data, d) {
    var map = byId(data), steps = [], seen = {}, end = null, id = data.start;
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
    if (!storageOk) {
      box.appendChild(el("p", "Deze browser staat lokale opslag niet toe: uw antwoorden blijven alleen bewaard zolang deze pagina open is. Download het dossier als JSON om het te bewaren."));
    }
    if (keys.length) {
      box.appendChild(el("p", "Er " + (keys.length === 1 ? "stonden gegevens" : "stonden " + keys.length + " sets gegevens") +
        " van de leidraad in deze browser die niet gelezen konden worden. Ze zijn niet gewist maar apart gezet; u kunt ze downloaden en bewaren of aan een beheerder geven."));
      var p = el("p");
      var dl = el("button", "Download de apart gezette gegevens", "md-button");
      dl.type = "button";
      dl.setAttribute("data-kb-apart-download", "");
      var rm = el("button", "Verwijder de apart gezette gegevens", "md-button");
      rm.type = "button";
      rm.setAttribute("data-kb-apart-wis", "");
      p.appendChild(dl); p.appendChild(document.createTextNode(" ")); p.appendChild(rm);
      box.appendChild(p);
    }
    box.hidden = !box.childNodes.length;
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

  var pending = {};  // "dossier:step:field" typed into since its last 'change': the value before
  var FIELDS = { wie: ["[data-wie]", "wie besliste"], datum: ["[data-datum]", "datum van het besluit"],
    motivering: ["[data-notitie]", "motivering"] };
  var has = function (o, k) { return Object.prototype.hasOwnProperty.call(o, k); };

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
      var field = form.querySelector(FIELDS[f][0]);
      if (field && !keep(field) && field.value !== values[f]) field.value = values[f];
    });
    var stand = form.querySelector("[data-kb-stand]");
    stand.textContent = "Stand van deze stap: " + statusText(step, st) + ".";
    stand.hidden = false;
    var flag = form.querySelector("[data-kb-gewijzigd]");
    flag.textContent = "";
    if (changed(step, st)) {
      flag.appendChild(el("strong", "Gewijzigd sinds je antwoord: "));
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
    var oldTicks = ticks(step, old), newTicks = {};
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
      if (withHistory) {
        remember(d, id, FIELDS[f][1], has(pending, key) ? pending[key] : old[f], value);
        delete pending[key];
      } else if (value !== old[f] && !has(pending, key)) {
        pending[key] = old[f];
      }
      st[f] = value;
    }
    if (!st.datum) {  // the date shown on the form (today unless changed) is the one recorded
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
    var ok = save(store);
    form.setAttribute("data-kb-dossier-id", d.id);
    var status = form.querySelector(".kb-opgeslagen");
    if (withHistory || !ok) {
      status.textContent = ok ? "Opgeslagen in dossier \u201c" + d.zaak + "\u201d in deze browser." :
        "Opslaan in deze browser lukte niet (lokale opslag niet toegestaan of vol); download het dossier als JSON om het te bewaren.";
    }
    if (withHistory && !quiet) {
      drawStep(form, data, function (c) { return c === document.activeElement && !!fieldOf(c); });
      showBar(data);
    }
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
  function record(data, d) {
    var taken = route(data, d);
    var rows = taken.steps.map(function (step) {
      var st = d.stappen[step.id] || blankStep(), i = outcomeIndex(step, st), t = ticks(step, st);
      var outcome = i === null ? null : step.uitkomsten[i];
      return {
        id: step.id, stap: label(step), vraag: step.vraag, status: statusText(step, st),
        gewijzigd: changed(step, st), eerder: changed(step, st) && st.antwoord ? st.antwoord : "",
        uitkomst: outcome ? outcome.antwoord : null,
        volgende: outcome && outcome.volgende ? label(taken.byId[outcome.volgende]) : null,
        einde: outcome && outcome.einde ? outcome.einde : null,
        afgevinkt: step.checklist.map(function (item, n) {
          return Object.prototype.hasOwnProperty.call(t, n) ? { tekst: item, op: t[n] } : null;
        }).filter(Boolean),
        open: step.checklist.filter(function (_, n) { return !Object.prototype.hasOwnProperty.call(t, n); }),
        wie: st.wie, datum: st.datum, motivering: st.motivering
      };
    });
    var known = {};
    data.stappen.forEach(function (s) { known[s.id] = true; });
    var removed = Object.keys(d.stappen).filter(function (id) { return !known[id]; }).sort();
    return { route: rows, einde: taken.end, verwijderd: removed };
  }

  function stepName(data, id) {
    if (!id) return "dossier";
    var step = byId(data)[id];
    return step ? label(step) : id + " (niet meer in deze versie van de leidraad)";
  }

  function markdown(data, d) {
    var rec = record(data, d);
    var out = ["# Dossier: " + d.zaak, "",
      "- Organisatie: " + (d.organisatie || "—"), "- Team: " + (d.team || "—"),
      "- Leidraad: " + data.titel + ", versie " + data.versie,
      "- Aangemaakt: " + d.aangemaakt, "- Laatst bijgewerkt: " + d.bijgewerkt,
      "- Geëxporteerd: " + now(), ""];
    rec.route.forEach(function (r) {
      out.push("## " + r.stap, "", "**Vraag:** " + r.vraag, "", "**Stand:** " + r.status, "",
        "**Uitkomst:** " + (r.uitkomst || "nog niet gekozen") +
        (r.volgende ? " → " + r.volgende : "") + (r.einde ? " → einde" : ""), "");
      if (r.gewijzigd) out.push("**Gewijzigd sinds je antwoord:** de stap is aangepast in deze versie van de leidraad." + (r.eerder ? " Eerder gekozen: " + r.eerder + "." : ""), "");
      out.push("**Wie besliste:** " + (r.wie || "—") + " · **Datum:** " + (r.datum || "—"), "");
      if (r.afgevinkt.length) out.push("Afgevinkt:", "");
      r.afgevinkt.forEach(function (a) { out.push("- [x] " + a.tekst + (a.op ? " (afgevinkt op " + a.op + ")" : "")); });
      if (r.afgevinkt.length) out.push("");
      if (r.open.length) out.push("Nog open:", "");
      r.open.forEach(function (a) { out.push("- [ ] " + a); });
      if (r.open.length) out.push("");
      out.push("**Waarom (besluit en motivering):** " + (r.motivering || "(geen motivering)"), "");
    });
    if (rec.einde) out.push("## Einde van de route", "", rec.einde, "");
    out.push("## Geschiedenis", "");
    if (!d.geschiedenis.length) out.push("(nog geen wijzigingen)");
    d.geschiedenis.forEach(function (h) {
      out.push("- " + h.tijd + " · " + stepName(data, h.stap) + " · " + h.wat + ": " +
        (h.oud === null ? "—" : h.oud) + " → " + (h.nieuw === null ? "—" : h.nieuw));
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
    dl(facts, "Aangemaakt", d.aangemaakt.slice(0, 10));
    dl(facts, "Laatst bijgewerkt", d.bijgewerkt.slice(0, 16).replace("T", " "));
    var open = 0, done = 0;
    rec.route.forEach(function (r) { open += r.open.length; if (r.uitkomst) done += 1; });
    dl(facts, "Stand", done + " van " + rec.route.length + " stappen op de route afgerond; " + open + (open === 1 ? " actie" : " acties") + " nog open" +
      (rec.einde ? "; de route is klaar" : ""));
    target.appendChild(facts);
    // Contents: only the route taken.
    var nav = el("nav", null, "kb-dossier-inhoud");
    nav.setAttribute("aria-labelledby", "kb-dossier-inhoud-kop");
    nav.appendChild(el("h3", "Inhoud: de route die u nam")).id = "kb-dossier-inhoud-kop";
    var toc = el("ol");
    rec.route.forEach(function (r) {
      var li = el("li"), a = el("a", r.stap);
      a.href = "#kb-stap-" + r.id;
      li.appendChild(a);
      li.appendChild(document.createTextNode(" — " + r.status));
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
      var section = el("section", null, "kb-dossier-stap" + (r.gewijzigd ? " kb-dossier-gewijzigd" : ""));
      var h = el("h2", r.stap);
      h.id = "kb-stap-" + r.id;
      section.appendChild(h);
      var q = el("p"); q.appendChild(el("strong", "Vraag: ")); q.appendChild(document.createTextNode(r.vraag));
      section.appendChild(q);
      var s = el("p", null, "kb-stand"); s.appendChild(el("strong", "Stand: ")); s.appendChild(document.createTextNode(r.status));
      section.appendChild(s);
      if (r.gewijzigd) {
        var w = el("p", null, "kb-gewijzigd");
        w.appendChild(el("strong", "Gewijzigd sinds je antwoord: "));
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
    d.geschiedenis.forEach(function (h) {
      var tr = el("tr");
      [h.tijd.slice(0, 16).replace("T", " "), stepName(data, h.stap), h.wat, h.oud === null ? "—" : h.oud, h.nieuw === null ? "—" : h.nieuw]
        .forEach(function (t) { tr.appendChild(el("td", t)); });
      body.appendChild(tr);
    });
    table.appendChild(body);
    wrap.appendChild(table);
    hist.appendChild(wrap);
    // Answers to steps no longer in the leidraad: shown in full, not only in the history.
    rec.verwijderd.forEach(function (id) {
      var st = d.stappen[id];
      var p = el("p", null, "kb-gewijzigd");
      p.appendChild(el("strong", "Stap '" + id + "' (niet meer in deze versie): "));
      p.appendChild(document.createTextNode("uitkomst: " + (st.antwoord || "—") + "; wie: " + (st.wie || "—") +
        "; datum: " + (st.datum || "—") + "; motivering: " + (st.motivering || "—")));
      hist.appendChild(p);
    });
    target.appendChild(hist);
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
    save(store);
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
    save(store);
    refresh(data);
    controlStatus("Gegevens opgeslagen: " + describe(d) + ".");
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

  function openFile(data, input) {
    var file = input.files && input.files[0];
    if (!file) return;
    var reader = new FileReader();
    reader.onload = function () {
      var value = null, problem = null;
      try { value = JSON.parse(String(reader.result)); } catch (e) { problem = "het is geen geldige JSON"; }
      if (!problem) problem = dossierProblem(value);
      input.value = "";
      if (problem) {
        controlStatus("\u201c" + file.name + "\u201d is niet geopend: " + problem + ". Er is niets veranderd.");
        return;
      }
      var store = load();
      delete value.geexporteerd;
      value.id = newId();
      var names = Object.keys(store.dossiers).map(function (id) { return store.dossiers[id].zaak; });
      if (names.indexOf(value.zaak) !== -1) value.zaak += " (geopend " + today() + ")";
      value.geschiedenis.push({ tijd: now(), stap: "", wat: "geopend uit bestand", oud: null, nieuw: file.name });
      store.dossiers[value.id] = value;
      store.actief = value.id;
      save(store);
      refresh(data);
      controlStatus("\u201c" + file.name + "\u201d is geopend als nieuw dossier \u201c" + value.zaak + "\u201d; het is nu het actieve dossier.");
    };
    reader.onerror = function () { controlStatus("\u201c" + file.name + "\u201d kon niet worden gelezen. Er is niets veranderd."); };
    reader.readAsText(file);
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
    var links = {};
    try { links = JSON.parse(box.getAttribute("data-links") || "{}"); } catch (e) { links = {}; }
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
      // Start where the route starts: the first step in view, not an empty corner.
      var first = svg.querySelector("g.node");
      if (first) {
        var r = first.getBoundingClientRect(), h = holder.getBoundingClientRect();
        holder.scrollLeft = Math.max(0, r.left - h.left + r.width / 2 - h.width / 2);
      }
      var tools = el("p", null, "kb-stroomschema-zoom");
      [["Kleiner", 0.8], ["Ware grootte", 0], ["Groter", 1.25]].forEach(function (z) {
        var b = el("button", z[0], "md-button");
        b.type = "button";
        b.addEventListener("click", function () { zoom(svg, z[1]); });
        tools.appendChild(b);
        tools.appendChild(document.createTextNode(" "));
      });
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

  // Scale the chart; never below the size where its smallest label is 12 px.
  function zoom(svg, factor) {
    var natural = svg.viewBox && svg.viewBox.baseVal ? svg.viewBox.baseVal.width : svg.getBoundingClientRect().width;
    var current = parseFloat(svg.getAttribute("data-kb-schaal") || "1");
    var next = factor === 0 ? 1 : Math.min(3, Math.max(0.75, current * factor));
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
      "[data-kb-wis], [data-kb-print], [data-kb-download], [data-kb-maak], [data-kb-hernoem], [data-kb-verwijder], [data-kb-apart-download], [data-kb-apart-wis], a[href]");
    if (!target) return;
    if (target.matches("a[href]")) { flushPending(); return; }
    var data = pageData();
    if (target.hasAttribute("data-kb-print")) { window.print(); return; }
    if (target.hasAttribute("data-kb-maak")) { createDossier(data); return; }
    if (target.hasAttribute("data-kb-hernoem")) { renameDossier(data); return; }
    if (target.hasAttribute("data-kb-verwijder")) { deleteDossier(data); return; }
    if (target.hasAttribute("data-kb-apart-download")) {
      var aside = {};
      asideKeys().forEach(function (k) { aside[k] = getItem(k); });
      saveFile("leidraad-apart-gezet-" + today() + ".json", JSON.stringify(aside, null, 2) + "\n", "application/json");
      return;
    }
    if (target.hasAttribute("data-kb-apart-wis")) {
      if (window.confirm("De apart gezette gegevens definitief uit deze browser verwijderen? Download ze eerst als u ze wilt bewaren.")) {
        asideKeys().forEach(function (k) { try { window.localStorage.removeItem(k); } catch (e) { /* kept */ } });
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
      d.stappen = {};
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
