// Marks search matches on the answer page and scrolls to the best one. Called by the app with
// the words as the answer writes them, the words the user typed (for formulas drawn by KaTeX) and
// the word of the best passage to scroll to.
// Works on text nodes only: nothing from the query is ever parsed as HTML.
(function () {
  var style = document.createElement('style');
  style.textContent = 'mark.dd-hit { background: #fff3a3; color: inherit; border-radius: 2px; padding: 0 1px; }'
    + 'body.dark mark.dd-hit { background: #6b5a00; }'
    + '.dd-hit-math { background: #fff3a3; border-radius: 3px; }'
    + 'body.dark .dd-hit-math { background: #6b5a00; }'
    + '.dd-current { outline: 2px solid #d4a72c; outline-offset: 1px; }';
  document.head.appendChild(style);

  function escapeRegExp(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); }

  // Letters and digits only, TeX commands dropped, transposes as "t": d_k, \sqrt{d_k} and √d_k meet as "dk".
  function loose(s) {
    return s.replace(/\\top\b/g, 't').replace(/ᵀ/g, 't').replace(/\\[a-zA-Z]+/g, '')
      .replace(/[^0-9A-Za-z\u0370-\u03ff]/g, '').toLowerCase();
  }

  function clear() {
    document.querySelectorAll('mark.dd-hit').forEach(function (m) {
      m.parentNode.replaceChild(document.createTextNode(m.textContent), m);
    });
    document.querySelectorAll('.dd-hit-math, .dd-current').forEach(function (e) {
      e.classList.remove('dd-hit-math');
      e.classList.remove('dd-current');
    });
    document.body.normalize();
  }

  function markText(words) {
    if (!words.length) { return []; }
    var sorted = words.slice().sort(function (a, b) { return b.length - a.length; });
    var re = new RegExp('(^|[^0-9A-Za-z\u00C0-\u024F])(' + sorted.map(escapeRegExp).join('|') + ')(?![0-9A-Za-z\u00C0-\u024F])', 'gi');
    var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        var p = n.parentNode;
        if (!p || p.closest('.katex, .math, script, style, mark')) { return NodeFilter.FILTER_REJECT; }
        return NodeFilter.FILTER_ACCEPT;
      }
    });
    var nodes = [];
    while (walker.nextNode()) { nodes.push(walker.currentNode); }
    var marks = [];
    nodes.forEach(function (node) {
      var text = node.nodeValue;
      re.lastIndex = 0;
      var m, last = 0, parts = [];
      while ((m = re.exec(text)) !== null) {
        var start = m.index + m[1].length;
        parts.push(document.createTextNode(text.slice(last, start)));
        var mark = document.createElement('mark');
        mark.className = 'dd-hit';
        mark.textContent = m[2];
        parts.push(mark);
        marks.push(mark);
        last = start + m[2].length;
        if (m[0].length === 0) { re.lastIndex++; }
      }
      if (parts.length) {
        parts.push(document.createTextNode(text.slice(last)));
        var frag = document.createDocumentFragment();
        parts.forEach(function (p) { frag.appendChild(p); });
        node.parentNode.replaceChild(frag, node);
      }
    });
    return marks;
  }

  function markMath(typed) {
    var keys = typed.map(loose).filter(function (k) { return k.length >= 2; });
    if (!keys.length) { return []; }
    var hits = [];
    document.querySelectorAll('.math').forEach(function (el) {
      var tex = el.querySelector('annotation[encoding="application/x-tex"]');
      var source = loose(tex ? tex.textContent : el.textContent);
      if (keys.some(function (k) { return source.indexOf(k) >= 0; })) {
        el.classList.add('dd-hit-math');
        hits.push(el);
      }
    });
    return hits;
  }

  window.deepdrillFind = function (words, typed, focus) {
    clear();
    var all = markText(words || []).concat(markMath(typed || []));
    all.sort(function (a, b) {
      return a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
    });
    // the title is always in view: scroll to a match in the answer itself, the best passage's word
    // as written if it is there (ZeRO rather than an earlier "zero"), else the first
    // (a formula may be drawn by KaTeX, so a marked formula counts too)
    var inBody = all.filter(function (e) { return !e.closest('header'); });
    var formula = focus && /[_^\/√ᵀ²³·]/.test(focus);
    var exact = inBody.filter(function (e) {
      return focus && (e.tagName === 'MARK' ? e.textContent === focus : formula);
    });
    var first = exact.length ? exact[0] : inBody.length ? inBody[0] : all[0];
    if (first) {
      first.classList.add('dd-current');
      first.scrollIntoView({ block: 'center' });
    }
    document.body.setAttribute('data-found', String(all.length));
    return all.length;
  };
})();
