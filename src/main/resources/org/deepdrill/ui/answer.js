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
  renderMath();
  highlight();
  document.body.setAttribute('data-rendered', 'true');
})();
