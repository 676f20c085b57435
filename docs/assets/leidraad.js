// The leidraad in the browser: answers kept in localStorage (per leidraad version), progress,
// the filled-in dossier (print, Markdown, JSON) and the flowchart drawn by the self-hosted
// Mermaid. Nothing is sent anywhere. Every page works without this script; content is only
// ever inserted as text (textContent), never as HTML.
(function () {
  "use strict";

  var PREFIX = "kennisbank:leidraad:";
  var script = document.currentScript;
  var mermaidUrl = script ? script.src.replace(/leidraad\.js(\?.*)?$/, "vendor/mermaid/mermaid.min.js") : null;

  // -- storage --------------------------------------------------------------------------

  function key(versie) { return PREFIX + versie; }

  function load(versie) {
    try {
      var raw = window.localStorage.getItem(key(versie));
      var state = raw ? JSON.parse(raw) : null;
      if (state && typeof state === "object" && state.stappen) return state;
    } catch (e) { /* unavailable or damaged: start empty */ }
    return { stappen: {} };
  }

  function save(versie, state) {
    state.bijgewerkt = new Date().toISOString();
    try {
      window.localStorage.setItem(key(versie), JSON.stringify(state));
      return true;
    } catch (e) {
      return false;
    }
  }

  function clear(versie) {
    try { window.localStorage.removeItem(key(versie)); } catch (e) { /* nothing stored */ }
  }

  function stepState(state, id) {
    if (!state.stappen[id]) state.stappen[id] = { acties: [], uitkomst: null, notitie: "" };
    return state.stappen[id];
  }

  function pageData() {
    var el = document.getElementById("kb-leidraad-data");
    if (!el) return null;
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
  }

  // The route a team took: from the start, following each chosen outcome.
  function route(data, state) {
    var byId = {};
    data.stappen.forEach(function (s) { byId[s.id] = s; });
    var steps = [], seen = {}, end = null, id = data.start;
    while (id && byId[id] && !seen[id]) {
      seen[id] = true;
      var step = byId[id];
      steps.push(step);
      var chosen = (state.stappen[id] || {}).uitkomst;
      var outcome = chosen === null || chosen === undefined ? null : step.uitkomsten[chosen];
      if (!outcome) break;
      if (outcome.einde) { end = outcome.einde; break; }
      id = outcome.volgende;
    }
    var parallel = data.stappen.filter(function (s) {
      var st = state.stappen[s.id];
      return s.parallel && st && (st.acties.length || st.uitkomst !== null || st.notitie);
    });
    return { steps: steps.concat(parallel), end: end, byId: byId };
  }

  function isDone(state, id) {
    var st = state.stappen[id];
    return !!st && st.uitkomst !== null && st.uitkomst !== undefined;
  }

  function label(step) {
    return (step.nummer ? "Stap " + step.nummer : "Parallel spoor") + ": " + step.titel;
  }

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  // -- a step page ------------------------------------------------------------------------

  function initStep(form) {
    var id = form.getAttribute("data-stap"), versie = form.getAttribute("data-versie");
    var state = load(versie), st = stepState(state, id);
    form.querySelectorAll("[data-actie]").forEach(function (box) {
      box.checked = st.acties.indexOf(Number(box.getAttribute("data-actie"))) !== -1;
    });
    form.querySelectorAll("[data-uitkomst]").forEach(function (radio) {
      radio.checked = st.uitkomst === Number(radio.getAttribute("data-uitkomst"));
    });
    var note = form.querySelector("[data-notitie]");
    if (note) note.value = st.notitie || "";
  }

  function storeStep(form, announce) {
    var id = form.getAttribute("data-stap"), versie = form.getAttribute("data-versie");
    var state = load(versie), st = stepState(state, id);
    st.acties = [];
    form.querySelectorAll("[data-actie]").forEach(function (box) {
      if (box.checked) st.acties.push(Number(box.getAttribute("data-actie")));
    });
    var chosen = form.querySelector("[data-uitkomst]:checked");
    st.uitkomst = chosen ? Number(chosen.getAttribute("data-uitkomst")) : null;
    var note = form.querySelector("[data-notitie]");
    st.notitie = note ? note.value : "";
    var ok = save(versie, state);
    var status = form.querySelector(".kb-opgeslagen");
    if (status && (announce || !ok)) {
      status.textContent = ok ? "Opgeslagen in deze browser." :
        "Opslaan lukte niet: deze browser staat lokale opslag niet toe.";
    }
  }

  // -- overview: progress ---------------------------------------------------------------

  function initOverview(data) {
    var state = load(data.versie), taken = route(data, state);
    document.querySelectorAll("[data-kb-status]").forEach(function (node) {
      var id = node.getAttribute("data-kb-status");
      var onRoute = taken.steps.some(function (s) { return s.id === id; });
      node.textContent = isDone(state, id) ? " — afgerond" : (onRoute ? " — volgende op uw route" : "");
    });
    var box = document.querySelector("[data-kb-voortgang]");
    if (!box) return;
    var done = taken.steps.filter(function (s) { return isDone(state, s.id); });
    if (!done.length) { box.hidden = true; return; }
    box.textContent = "";
    box.appendChild(el("strong", "Uw voortgang: "));
    var next = taken.steps.filter(function (s) { return !isDone(state, s.id) && !s.parallel; })[0];
    var sentence = done.length + (done.length === 1 ? " stap" : " stappen") + " op uw route afgerond. ";
    box.appendChild(document.createTextNode(sentence));
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

  // -- dossier ----------------------------------------------------------------------------

  function record(data, state) {
    var taken = route(data, state);
    return {
      leidraad: data.titel,
      versie: data.versie,
      opgesteld: new Date().toISOString().slice(0, 10),
      route: taken.steps.map(function (step) {
        var st = state.stappen[step.id] || { acties: [], uitkomst: null, notitie: "" };
        var outcome = st.uitkomst === null || st.uitkomst === undefined ? null : step.uitkomsten[st.uitkomst];
        return {
          id: step.id, stap: label(step), vraag: step.vraag,
          uitkomst: outcome ? outcome.antwoord : null,
          volgende: outcome && outcome.volgende ? label(taken.byId[outcome.volgende]) : null,
          einde: outcome && outcome.einde ? outcome.einde : null,
          afgevinkt: step.checklist.filter(function (_, i) { return st.acties.indexOf(i) !== -1; }),
          open: step.checklist.filter(function (_, i) { return st.acties.indexOf(i) === -1; }),
          notitie: st.notitie || ""
        };
      }),
      einde: taken.end
    };
  }

  function markdown(rec) {
    var out = ["# Dossier: " + rec.leidraad, "", "Versie van de leidraad: " + rec.versie +
      ". Opgesteld op " + rec.opgesteld + ".", ""];
    rec.route.forEach(function (r) {
      out.push("## " + r.stap, "", "**Vraag:** " + r.vraag, "",
        "**Uitkomst:** " + (r.uitkomst || "nog niet gekozen") +
        (r.volgende ? " → " + r.volgende : "") + (r.einde ? " → einde" : ""), "");
      if (r.afgevinkt.length) out.push("Afgevinkt:", "");
      r.afgevinkt.forEach(function (a) { out.push("- [x] " + a); });
      if (r.afgevinkt.length) out.push("");
      if (r.open.length) out.push("Nog open:", "");
      r.open.forEach(function (a) { out.push("- [ ] " + a); });
      if (r.open.length) out.push("");
      out.push("**Besluit en motivering:** " + (r.notitie || "(geen notitie)"), "");
    });
    if (rec.einde) out.push("## Einde", "", rec.einde, "");
    return out.join("\n");
  }

  function renderDossier(data) {
    var state = load(data.versie), rec = record(data, state);
    var target = document.querySelector("[data-kb-dossier]");
    var blank = document.querySelector("[data-kb-formulier]");
    var intro = document.querySelector("[data-kb-dossier-leeg]");
    var actions = document.querySelector("[data-kb-dossier-acties]");
    target.textContent = "";
    var answered = rec.route.some(function (r) {
      return r.uitkomst || r.afgevinkt.length || r.notitie;
    });
    if (blank) blank.hidden = answered;
    if (intro) intro.hidden = answered;
    if (actions) actions.hidden = !answered;
    if (!answered) {
      target.appendChild(el("p", "U heeft nog niets ingevuld. Begin bij de eerste stap van de leidraad; " +
        "hieronder staat een leeg formulier om af te drukken."));
      return;
    }
    target.appendChild(el("p", data.titel + ", versie " + rec.versie + ". Opgesteld op " +
      rec.opgesteld + ". Uw antwoorden staan alleen in deze browser.", "kb-dossier-kop"));
    rec.route.forEach(function (r) {
      var section = el("section", null, "kb-dossier-stap");
      section.appendChild(el("h2", r.stap));
      var q = el("p"); q.appendChild(el("strong", "Vraag: ")); q.appendChild(document.createTextNode(r.vraag));
      section.appendChild(q);
      var a = el("p"); a.appendChild(el("strong", "Uitkomst: "));
      a.appendChild(document.createTextNode((r.uitkomst || "nog niet gekozen") +
        (r.volgende ? " → " + r.volgende : "")));
      section.appendChild(a);
      [["Afgevinkt", r.afgevinkt, "✓ "], ["Nog open", r.open, "☐ "]].forEach(function (part) {
        if (!part[1].length) return;
        section.appendChild(el("h3", part[0] + " (" + part[1].length + ")"));
        var list = el("ul", null, "kb-dossier-acties-lijst");
        part[1].forEach(function (item) { list.appendChild(el("li", part[2] + item)); });
        section.appendChild(list);
      });
      section.appendChild(el("h3", "Besluit en motivering"));
      section.appendChild(el("p", r.notitie || "(geen notitie)", "kb-notitie"));
      target.appendChild(section);
    });
    if (rec.einde) {
      var end = el("section", null, "kb-dossier-einde");
      end.appendChild(el("h2", "Einde van de route"));
      end.appendChild(el("p", rec.einde));
      target.appendChild(end);
    }
  }

  function download(data, kind) {
    var rec = record(data, load(data.versie));
    var body = kind === "json" ? JSON.stringify(rec, null, 2) + "\n" : markdown(rec);
    var blob = new Blob([body], { type: kind === "json" ? "application/json" : "text/markdown" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "dossier-leidraad-" + rec.opgesteld + (kind === "json" ? ".json" : ".md");
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  }

  // -- flowchart ------------------------------------------------------------------------

  var mermaidLoading = null;

  function loadMermaid() {
    if (window.mermaid) return Promise.resolve(window.mermaid);
    if (!mermaidLoading) {
      mermaidLoading = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = mermaidUrl;
        tag.onload = function () { resolve(window.mermaid); };
        tag.onerror = reject;
        document.head.appendChild(tag);
      });
    }
    return mermaidLoading;
  }

  function drawFlowchart(box) {
    var source = box.querySelector(".kb-stroomschema-bron");
    if (!source || !mermaidUrl || box.querySelector("svg")) return;
    var links = JSON.parse(box.getAttribute("data-links") || "{}");
    loadMermaid().then(function (mermaid) {
      mermaid.initialize({
        startOnLoad: false, securityLevel: "strict", theme: "neutral",
        // Natural size, scrolled sideways when wider than the page: scaled down to fit,
        // a route of a dozen steps becomes too small to read.
        flowchart: { htmlLabels: false, useMaxWidth: false },
        themeCSS: ".kbEinde rect, .kbEinde path { fill: #eef3ee; }"
      });
      return mermaid.render("kb-stroomschema-svg", source.textContent);
    }).then(function (result) {
      var holder = document.createElement("div");
      holder.className = "kb-stroomschema-figuur";
      // A scrollable region must be reachable by keyboard (WCAG 2.1.1) and named.
      holder.setAttribute("tabindex", "0");
      holder.setAttribute("role", "region");
      holder.setAttribute("aria-label", "Stroomschema (schuif opzij om alles te zien)");
      holder.innerHTML = result.svg;  // Mermaid's own output; our labels are entity-coded text
      var svg = holder.querySelector("svg");
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
      box.appendChild(holder);
    }).catch(function () {
      box.appendChild(el("p", "Het stroomschema kon niet worden getekend; de route staat hieronder als lijst."));
    });
  }

  // -- wiring ---------------------------------------------------------------------------

  function versionOnPage() {
    var form = document.querySelector("form.kb-stap");
    if (form) return form.getAttribute("data-versie");
    var data = pageData();
    return data ? data.versie : null;
  }

  function init() {
    var form = document.querySelector("form.kb-stap");
    if (form) initStep(form);
    var data = pageData();
    if (data && document.querySelector("[data-kb-dossier]")) renderDossier(data);
    else if (data) initOverview(data);
    var box = document.querySelector(".kb-stroomschema");
    if (box) drawFlowchart(box);
  }

  document.addEventListener("change", function (event) {
    var form = event.target.closest && event.target.closest("form.kb-stap");
    if (form) storeStep(form, true);
  });
  document.addEventListener("input", function (event) {
    var form = event.target.closest && event.target.closest("form.kb-stap");
    if (form && event.target.matches("[data-notitie]")) storeStep(form, false);
  });
  document.addEventListener("click", function (event) {
    var target = event.target.closest && event.target.closest("[data-kb-wis], [data-kb-print], [data-kb-download]");
    if (!target) return;
    if (target.hasAttribute("data-kb-print")) { window.print(); return; }
    var data = pageData();
    if (target.hasAttribute("data-kb-download") && data) {
      download(data, target.getAttribute("data-kb-download"));
      return;
    }
    var versie = versionOnPage();
    if (versie && window.confirm("Alle antwoorden van deze leidraad in deze browser wissen?")) {
      clear(versie);
      document.querySelectorAll("form.kb-stap").forEach(function (f) { f.reset(); });
      init();
    }
  });

  // Material's instant navigation swaps pages without a reload and announces it on document$.
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
