// korpus reader: word tooltips, sentence highlighting, study controls.
// All corpus text reaches the page through textContent; nothing is parsed as HTML.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("word-data").textContent);
  var tip = document.getElementById("tip");
  var body = document.body;

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
    tip.hidden = false;
    var rect = word.getBoundingClientRect();
    var left = Math.min(window.scrollX + rect.left, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8);
    tip.style.left = Math.max(4, left) + "px";
    tip.style.top = (window.scrollY + rect.bottom + 6) + "px";
  }

  function hideTip() { tip.hidden = true; }

  document.addEventListener("mouseover", function (e) {
    var w = e.target.closest && e.target.closest(".w");
    if (w) showTip(w); else if (!tip.contains(e.target)) hideTip();
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
    var w = e.target.closest && e.target.closest(".w");
    if (w) showTip(w);
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
    else if (e.key === "Escape") { hideTip(); }
  });
})();
