// Renders TeX with KaTeX and highlights code. Runs once per page; content cannot add scripts.
(function () {
  function renderMath() {
    if (typeof katex === 'undefined') { return; }
    document.querySelectorAll('.math').forEach(function (el) {
      var tex = el.textContent;
      try {
        katex.render(tex, el, { displayMode: el.classList.contains('display'), throwOnError: false, strict: 'ignore' });
      } catch (e) {
        el.textContent = tex;
        el.classList.add('math-error');
      }
    });
  }
  function highlight() {
    if (typeof hljs === 'undefined') { return; }
    document.querySelectorAll('pre code').forEach(function (el) { hljs.highlightElement(el); });
  }
  var t0 = Date.now();
  renderMath();
  var t1 = Date.now();
  highlight();
  document.body.setAttribute('data-render-ms', (t1 - t0) + ' ' + (Date.now() - t1));
  document.body.setAttribute('data-rendered', 'true');
})();
