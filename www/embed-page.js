// embed.html: shows each demo's markup as text (textContent, never HTML),
// taken from the elements themselves, so the code shown is the code running.
// Runs before the element module, so the attributes are as written.

const BASE = new URL('./', document.baseURI).href;

document.querySelector('[data-code="script"]').textContent =
  `<script type="module" src="${BASE}backprop-playground.js"></script>`;

for (const pre of document.querySelectorAll('[data-code-for]')) {
  const el = document.getElementById(pre.dataset.codeFor).querySelector('backprop-playground, iframe');
  const tag = el.localName;
  const attrs = el.getAttributeNames()
    .filter((n) => n !== 'style')
    .map((n) => {
      const v = el.getAttribute(n);
      if (v === '') return n;
      const value = n === 'src' && tag === 'iframe' ? new URL(v, BASE).href : v;
      return value.includes('"') ? `${n}='${value}'` : `${n}="${value}"`;
    });
  pre.textContent = `<${tag} ${attrs.join(' ')}></${tag}>`;
}
