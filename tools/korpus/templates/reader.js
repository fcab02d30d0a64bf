// korpus reader: word tooltips, sentence highlighting, study controls.
// All corpus text reaches the page through textContent; nothing is parsed as HTML.
(function () {
  "use strict";

  // -- word statuses: kept in localStorage by lemma (every page shares them) and, when the
  // site is served by `korpus reader --serve`, in corpus/known.tsv through GET/POST /known.
  var STATUSES = ["new", "learning", "known", "ignored"];
  var STORE = "korpus.statuses";
  var HEADER = "# korpus word statuses: lemma<TAB>status (new, learning, known, ignored)";
  var served = location.protocol === "http:" || location.protocol === "https:";
  var saveState = document.getElementById("save-state");

  function loadStatuses() {
    try { return JSON.parse(localStorage.getItem(STORE)) || {}; } catch (e) { return {}; }
  }
  function storeStatuses(statuses) {
    try { localStorage.setItem(STORE, JSON.stringify(statuses)); } catch (e) { say("not kept: " + e.message); }
  }
  function say(text) { if (saveState) saveState.textContent = text; }

  function parseStatuses(text) {
    var statuses = {};
    text.split(/\r?\n/).forEach(function (line) {
      line = line.trim();
      if (!line || line.charAt(0) === "#") return;
      var cells = line.split("\t");
      var status = (cells[1] || "known").trim();
      if (cells[0].trim() && STATUSES.indexOf(status) >= 0) statuses[cells[0].trim()] = status;
    });
    return statuses;
  }
  function renderStatuses(statuses) {
    var lines = [HEADER];
    Object.keys(statuses).sort().forEach(function (lemma) { lines.push(lemma + "\t" + statuses[lemma]); });
    return lines.join("\n") + "\n";
  }

  function saveToServer(statuses) {
    if (!served) return;
    fetch("known", { method: "POST", headers: { "Content-Type": "text/tab-separated-values; charset=utf-8" },
                     body: renderStatuses(statuses) })
      .then(function (r) { say(r.ok ? "saved to corpus/known.tsv" : "not saved (" + r.status + ")"); })
      .catch(function (e) { say("not saved: " + e.message); });
  }

  // Served: the corpus's statuses win over this browser's; lemmas only this browser knows are sent back.
  function syncWithServer(then) {
    if (!served) { then(); return; }
    fetch("known", { cache: "no-store" })
      .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.text(); })
      .then(function (text) {
        var fromServer = parseStatuses(text);
        var local = loadStatuses();
        var extra = Object.keys(local).some(function (lemma) { return !(lemma in fromServer); });
        var merged = Object.assign(local, fromServer);
        storeStatuses(merged);
        if (extra) saveToServer(merged);
        then();
      })
      .catch(function (e) { say("statuses not loaded: " + e.message); then(); });
  }

  var stories = document.getElementById("story-data");
  if (stories) { syncWithServer(function () { showShares(JSON.parse(stories.textContent)); }); return; }

  // The index page: per story, the share of its content tokens this learner knows.
  function showShares(info) {
    var statuses = loadStatuses();
    var builtKnown = {};
    info.known.forEach(function (lemma) { builtKnown[lemma] = true; });
    document.querySelectorAll(".known-share").forEach(function (cell) {
      var counts = info.stories[cell.dataset.story] || {};
      var total = 0, known = 0;
      Object.keys(counts).forEach(function (lemma) {
        var status = statuses[lemma] || (builtKnown[lemma] ? "known" : "new");
        total += counts[lemma];
        if (status === "known" || status === "ignored") known += counts[lemma];
      });
      cell.textContent = (total ? Math.round(100 * known / total) : 0) + " %";
    });
  }

  var data = JSON.parse(document.getElementById("word-data").textContent);
  var tip = document.getElementById("tip");
  var body = document.body;
  var currentWord = null;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }

  function showTip(word) {
    var info = data.words[Number(word.dataset.w)];
    if (!info) return;
    tip.replaceChildren();
    if (!info.lexemes.length) tip.appendChild(el("div", "pos", info.pos));
    info.lexemes.forEach(function (lex) {
      var head = el("div");
      head.appendChild(el("span", "lemma", lex.lemma));
      head.appendChild(document.createTextNode(" "));
      head.appendChild(el("span", "pos", lex.pos));
      if (lex.hanja) { head.appendChild(document.createTextNode(" ")); head.appendChild(el("span", "hanja", lex.hanja)); }
      tip.appendChild(head);
      tip.appendChild(el("div", "gloss", lex.gloss || "(no gloss yet: add it to corpus/glossary.tsv)"));
      if (lex.source === "composed") tip.appendChild(el("div", "src", "composed from its parts (in no glossary)"));
      else if (lex.source) tip.appendChild(el("div", "src", "from the " + lex.source.replace("built-in", "korpus") + " glossary"));
    });
    info.grammar.forEach(function (id) {
      var note = data.notes[id];
      if (!note) return;
      var block = el("div", "gram");
      block.appendChild(el("b", null, note.name + " "));
      block.appendChild(document.createTextNode(note.meaning));
      tip.appendChild(block);
    });
    if (info.study) {
      var button = el("button", "status-button", "Status: " + statusOf(word) + " (s: change)");
      button.type = "button";
      tip.appendChild(button);
    }
    currentWord = word;
    tip.hidden = false;
    var rect = word.getBoundingClientRect();
    var left = Math.min(window.scrollX + rect.left, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8);
    tip.style.left = Math.max(4, left) + "px";
    tip.style.top = (window.scrollY + rect.bottom + 6) + "px";
  }

  function hideTip() { tip.hidden = true; pinned = false; currentWord = null; }

  // A clicked (or tapped) word pins its tooltip, so the pointer can reach the status button.
  var pinned = false;
  document.addEventListener("mouseover", function (e) {
    if (pinned) return;
    var w = e.target.closest && e.target.closest(".w");
    if (w) showTip(w); else if (!tip.contains(e.target)) hideTip();
  });

  function lemmaOf(word) { var info = data.words[Number(word.dataset.w)]; return info && info.study; }
  function statusOf(word) { return loadStatuses()[lemmaOf(word)] || word.dataset.built; }
  function paint(statuses) {
    document.querySelectorAll(".w").forEach(function (word) {
      var lemma = lemmaOf(word);
      if (!lemma) return;
      var status = statuses[lemma] || word.dataset.built;
      word.dataset.status = status;
      word.classList.toggle("unknown", status === "new" || status === "learning");
    });
  }
  function cycle(word) {
    var lemma = lemmaOf(word);
    if (!lemma) return;
    var statuses = loadStatuses();
    var next = STATUSES[(STATUSES.indexOf(statusOf(word)) + 1) % STATUSES.length];
    statuses[lemma] = next;
    storeStatuses(statuses);
    paint(statuses);
    saveToServer(statuses);
    var keep = pinned;
    showTip(word);
    pinned = keep;
  }
  document.querySelectorAll(".w").forEach(function (word) {
    if (lemmaOf(word)) word.dataset.built = word.classList.contains("unknown") ? "new" : "known";
  });
  paint(loadStatuses());
  syncWithServer(function () { paint(loadStatuses()); });

  document.getElementById("export-known").addEventListener("click", function () {
    var link = el("a");
    link.href = URL.createObjectURL(new Blob([renderStatuses(loadStatuses())], { type: "text/tab-separated-values" }));
    link.download = "known.tsv";
    body.appendChild(link);
    link.click();
    link.remove();
  });
  document.getElementById("import-known").addEventListener("change", function (e) {
    var file = e.target.files[0];
    if (!file) return;
    file.text().then(function (text) {
      var imported = parseStatuses(text);
      var statuses = Object.assign(loadStatuses(), imported);
      storeStatuses(statuses);
      paint(statuses);
      say(Object.keys(imported).length + " statuses imported");
      saveToServer(statuses);
    });
  });
  document.addEventListener("focusin", function (e) {
    if (e.target.classList && e.target.classList.contains("w")) showTip(e.target);
  });

  var sentences = Array.prototype.slice.call(document.querySelectorAll(".s"));
  var current = -1;
  function activate(index) {
    document.querySelectorAll(".active").forEach(function (n) { n.classList.remove("active"); });
    if (index < 0 || index >= sentences.length) return;
    current = index;
    var s = sentences[index];
    s.classList.add("active");
    var row = s.closest("tr");
    if (row) row.querySelectorAll(".s-en").forEach(function (n) { n.classList.add("active"); });
    s.scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("click", function (e) {
    if (tip.contains(e.target)) {
      if (e.target.classList.contains("status-button") && currentWord) cycle(currentWord);
      return;
    }
    var w = e.target.closest && e.target.closest(".w");
    if (w) { showTip(w); pinned = true; } else if (pinned) hideTip();
    var s = e.target.closest && e.target.closest(".s");
    if (s) activate(sentences.indexOf(s));
    var en = e.target.closest && e.target.closest("td.en");
    if (en) {
      var first = en.parentNode.querySelector(".s");
      if (first) activate(sentences.indexOf(first));
    }
  });

  var toggleEn = document.getElementById("toggle-en");
  function setEnglish(hidden) {
    body.classList.toggle("hide-en", hidden);
    if (toggleEn) { toggleEn.textContent = hidden ? "Show English" : "Hide English"; toggleEn.setAttribute("aria-pressed", String(!hidden)); }
  }
  if (toggleEn) toggleEn.addEventListener("click", function () { setEnglish(!body.classList.contains("hide-en")); });

  var toggleUnknown = document.getElementById("toggle-unknown");
  toggleUnknown.addEventListener("click", function () {
    var on = body.classList.toggle("show-unknown");
    toggleUnknown.setAttribute("aria-pressed", String(on));
  });

  var size = 19;
  function setSize(delta) { size = Math.max(13, Math.min(32, size + delta)); document.documentElement.style.setProperty("--size", size + "px"); }
  document.getElementById("font-smaller").addEventListener("click", function () { setSize(-2); });
  document.getElementById("font-larger").addEventListener("click", function () { setSize(2); });

  document.addEventListener("keydown", function (e) {
    if (e.target.tagName === "INPUT" || e.metaKey || e.ctrlKey || e.altKey) return;
    if (e.key === "j" || e.key === "ArrowDown" && e.shiftKey) { activate(Math.min(sentences.length - 1, current + 1)); e.preventDefault(); }
    else if (e.key === "k" || e.key === "ArrowUp" && e.shiftKey) { activate(Math.max(0, current - 1)); e.preventDefault(); }
    else if (e.key === "e" && toggleEn) { setEnglish(!body.classList.contains("hide-en")); }
    else if (e.key === "s" && currentWord) { cycle(currentWord); e.preventDefault(); }
    else if (e.key === "Escape") { hideTip(); }
  });
})();
