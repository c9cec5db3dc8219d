// The element's sharing and classroom controls: an Export menu, Embed…,
// Presenter, Quiz and the shortcut help; opening a state file (a button or
// drag and drop), with problems in the element's banner; and the attributes that shape
// an embed (`controls`, `readonly`, `autoplay`, `height`). See embed.html.

import { Classroom, dialog, showHelp } from './classroom.js';
import { h } from './dom.js';
import { diagramSvg, download, embedCode, logCsv, paramLabel, paramNames, svgToPng } from './share.js';
import { pageError } from './strings.js';
import { readFile } from './input.js';

const EXPORTS = {
  json: { file: 'backprop-state.json', type: 'application/json' },
  svg: { file: 'backprop-network.svg', type: 'image/svg+xml' },
  png: { file: 'backprop-network.png', type: 'image/png' },
  markdown: { file: 'chain-rule.md', type: 'text/markdown' },
  latex: { file: 'chain-rule.tex', type: 'application/x-tex' },
  csv: { file: 'training-log.csv', type: 'text/csv' },
};

/** Sharing, exports and classroom tools for one element; `mount` follows every UI rebuild. */
export class ShareUi {
  #el;
  #ui = null;
  #param = null; // the parameter the chain-rule exports explain
  #visible = null;
  classroom;

  constructor(el) {
    this.#el = el;
    this.classroom = new Classroom(el);
  }

  get readonly() {
    return this.#el.hasAttribute('readonly');
  }

  mount({ root, controls, diagram, t, notify, parts }) {
    const el = this.#el;
    const live = h('p', { class: 'sr-only', 'aria-live': 'polite', role: 'status' });
    const file = h('input', { type: 'file', 'data-file': 'state', accept: '.json,application/json', hidden: true, onchange: (e) => this.#open(e.target.files[0]) });

    const item = (kind, text) => h('button', { class: 'menu-item', 'data-export': kind, role: 'menuitem', onclick: () => this.#save(kind) }, text);
    const picker = h('select', { class: 'param-pick', 'aria-label': t.explainParam, onchange: (e) => (this.#param = e.target.value) });
    const menu = h('details', { class: 'menu', 'data-menu': 'export' },
      h('summary', { class: 'btn' }, t.secShare),
      h('div', { class: 'menu-body', role: 'menu' },
        item('json', t.exportJson),
        this.readonly ? null : h('button', { class: 'menu-item', 'data-action': 'open-file', role: 'menuitem', onclick: () => file.click() }, t.importJson),
        item('svg', t.exportSvg),
        item('png', t.exportPng),
        h('label', { class: 'menu-pick' }, h('span', {}, t.explainParam), picker),
        item('markdown', t.exportMd),
        item('latex', t.exportLatex),
        item('csv', t.exportCsv),
        h('button', { class: 'menu-item', 'data-action': 'embed', role: 'menuitem', onclick: () => this.#showEmbed() }, t.copyEmbed)));
    // A big network has some 1,400 parameters to list: the list is made when the menu opens, showing the one the exports explain.
    menu.addEventListener('toggle', () => {
      if (!menu.open) return;
      this.#pick();
      this.#fillPicker();
    });
    menu.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && menu.open) {
        menu.open = false;
        menu.querySelector('summary').focus();
        e.stopPropagation();
      }
    });
    const tool = (action, text, attrs = {}) => h('button', { class: 'btn quiet', 'data-action': action, ...attrs }, text);
    const share = h('span', { class: 'part', 'data-panel': 'share' }, menu, file);
    const classroom = h('span', { class: 'part', 'data-panel': 'classroom' },
      tool('presenter', t.presenter, { 'aria-pressed': 'false', title: `${t.presenter} (P)`, onclick: () => (this.classroom.presenter = !this.classroom.presenter) }),
      tool('quiz', t.quiz, { title: `${t.quiz} (Q)`, onclick: () => this.classroom.quiz() }),
      tool('help', '?', { 'aria-label': `? ${t.help}`, title: `${t.help} (?)`, onclick: () => showHelp(root, t, el.summary.layers) }));
    controls.toolbar.append(h('div', { class: 'group tools' }, share, classroom));
    const desc = h('p', { class: 'sr-only', id: 'diagram-desc' });
    root.append(live, desc);
    root.setAttribute('tabindex', '-1'); // a click anywhere gives the element focus, so shortcuts work
    this.#ui = { root, controls, diagram, t, notify, picker, menu, live, desc, parts };
    this.#pick();
    this.#describe();
    el.addEventListener('change', this.#onChange);

    // Dropping a state file anywhere on the element loads it.
    if (!this.readonly) {
      const over = (e) => {
        if (![...(e.dataTransfer?.types ?? [])].includes('Files')) return;
        e.preventDefault();
        root.classList.add('dropping');
      };
      root.addEventListener('dragenter', over);
      root.addEventListener('dragover', over);
      root.addEventListener('dragleave', (e) => {
        if (!root.contains(e.relatedTarget)) root.classList.remove('dropping');
      });
      root.addEventListener('drop', (e) => {
        root.classList.remove('dropping');
        const f = e.dataTransfer?.files?.[0];
        if (!f) return;
        e.preventDefault();
        this.#open(f);
      });
      root.append(h('div', { class: 'drop-hint', 'aria-hidden': 'true' }, t.dropHere));
    }

    this.#applyAttributes();
    this.classroom.mount({ root, t, diagram, live });
  }

  /** Shows a message in the element's banner: a title (a strings key) and the core's words. */
  notice(key, detail = '') {
    this.#ui.notify(key, detail);
  }

  #onChange = (e) => {
    if (['shape', 'state', 'preset', 'undo', 'redo', 'reset'].includes(e.detail.reason)) {
      this.#pick();
      if (this.#ui.menu.open) this.#fillPicker();
      this.#describe();
    }
  };

  /** The diagram's description for screen readers: its shape, and how signs are shown. */
  #describe() {
    const { desc, diagram, t } = this.#ui;
    desc.textContent = t.diagramDesc(this.#el.summary.layers.join('-'), t.signNote);
    diagram.svg?.setAttribute('aria-describedby', 'diagram-desc');
  }

  /** Chooses the parameter the exports explain: the selected one, else the one chosen before if the network has it, else w2.1.1. */
  #pick() {
    const el = this.#el;
    const names = paramNames(el.summary.layers);
    this.#param = names.includes(el.selected) ? el.selected : names.includes(this.#param) ? this.#param : 'w2.1.1';
  }

  #listed = ''; // the network and notation the picker lists

  #fillPicker() {
    const { picker } = this.#ui;
    const el = this.#el;
    const { layers } = el.summary;
    const listed = `${layers} ${el.view.notation}`;
    if (!picker.options.length || listed !== this.#listed) {
      this.#listed = listed;
      picker.replaceChildren(...paramNames(layers).map((n) => h('option', { value: n }, paramLabel(n, el.view.notation, layers))));
    }
    picker.value = this.#param;
  }

  /** The parameter the chain-rule exports use: the element's selection if it has one, else the picker's. */
  get param() {
    return this.#el.selected ?? this.#param;
  }

  set param(name) {
    this.#param = name;
    if (this.#ui) this.#ui.picker.value = name;
  }

  /** One export's content: `{ name, type, data }`, data a string (a Blob for PNG). */
  async exportAs(kind) {
    const el = this.#el;
    const spec = EXPORTS[kind];
    if (!spec) throw pageError('not_one_of', 'export', { allowed: Object.keys(EXPORTS), got: String(kind) });
    let data;
    if (kind === 'json') data = `${JSON.stringify(el.state, null, 2)}\n`;
    else if (kind === 'svg' || kind === 'png') {
      const { diagram } = this.#ui;
      diagram.complete(); // the values a big network builds in idle time are in the file too
      const svg = diagram.svg;
      data = diagramSvg(svg);
      if (kind === 'png') {
        const [, , w, hh] = svg.getAttribute('viewBox').split(/\s+/).map(Number);
        data = await svgToPng(data, w, hh, 2);
      }
    } else if (kind === 'markdown' || kind === 'latex') data = el.explainAs(this.param, el.view.sample, kind, el.view.digits, el.view.notation);
    else data = logCsv(el.trainingLog);
    return { name: spec.file, type: spec.type, data };
  }

  async #save(kind) {
    const { menu, t } = this.#ui;
    menu.open = false;
    try {
      if (kind === 'csv' && !this.#el.trainingLog.length) return this.notice('noLog');
      const { name, type, data } = await this.exportAs(kind);
      download(name, data, type);
    } catch (err) {
      this.notice('exportFailed', err);
    }
  }

  /** Loads a state file, refused by its size before it is read; a bad one shows the core's message and keeps the network. */
  async #open(f) {
    if (!f || this.readonly) return;
    const { t } = this.#ui;
    try {
      this.#el.state = await readFile(f, 'max_state_bytes', 'file');
      this.#ui.live.textContent = t.loadedFile(f.name);
    } catch (err) {
      this.notice('badFile', err);
    }
  }

  /** The script-tag and iframe code for the current state. */
  embedCode() {
    const el = this.#el;
    return embedCode({ stateJson: JSON.stringify(el.state), link: el.link(), lang: el.view.lang });
  }

  #showEmbed() {
    const { root, t, menu } = this.#ui;
    menu.open = false;
    const code = this.embedCode();
    const block = (kind, title, text) => {
      const pre = h('textarea', { class: 'code', readonly: true, rows: kind === 'script' ? 4 : 3, 'data-code': kind, 'aria-label': title, spellcheck: 'false' });
      pre.value = text;
      const btn = h('button', { class: 'btn small', 'data-copy': kind }, t.copy);
      btn.addEventListener('click', async () => {
        pre.select();
        try {
          await navigator.clipboard.writeText(text);
        } catch {
          document.execCommand?.('copy'); // without clipboard permission, the selected text
        }
        btn.textContent = t.copied;
      });
      return h('div', { class: 'code-block' }, h('p', {}, title), pre, btn);
    };
    dialog(root, t, t.embedTitle, block('script', t.embedScript, code.script), block('iframe', t.embedIframe, code.iframe));
  }

  /**
   * Shows the parts the element names (`parts()`: a Set of `data-panel`
   * names, from `controls` or a figure's default, or null for every one),
   * less what `readonly` takes away; called again when a figure's More is pressed.
   */
  showParts() {
    const { root, parts } = this.#ui;
    // The step-by-step walk and the lesson tabs are parts too.
    root.querySelector('.walk')?.setAttribute('data-panel', 'walk');
    root.querySelector('.lessons')?.setAttribute('data-panel', 'lessons');
    const want = parts();
    for (const part of root.querySelectorAll('[data-panel]')) part.hidden = want !== null && !want.has(part.dataset.panel);
    if (this.readonly) for (const name of ['example', 'data', 'network', 'settings']) root.querySelectorAll(`[data-panel="${name}"]`).forEach((p) => (p.hidden = true));
    const panel = root.querySelector('.panel');
    const empty = [...panel.children].every((c) => c.hidden);
    root.classList.toggle('no-panel', empty);
    panel.hidden = empty;
    root.classList.toggle('readonly', this.readonly);
    const fresh = root.querySelector('[data-action="reinitialize"]');
    if (fresh) fresh.hidden = this.readonly; // new weights are an edit
  }

  /** `controls`, `readonly`, `height` and `autoplay`, read as data. */
  #applyAttributes() {
    const { root, diagram } = this.#ui;
    const el = this.#el;
    this.showParts();

    const height = el.getAttribute('height');
    if (height && CSS.supports('height', height)) {
      el.style.setProperty('height', height);
      root.classList.add('fixed-height');
      diagram.fitHeight = true;
      diagram.fit();
    }

    if (el.hasAttribute('autoplay') && !this.#visible) {
      const still = matchMedia('(prefers-reduced-motion: reduce)').matches;
      if (!still) {
        let started = false;
        this.#visible = new IntersectionObserver(([entry]) => {
          if (entry.isIntersecting && !el.playing) {
            started = true;
            el.play();
          } else if (!entry.isIntersecting && started && el.playing) el.pause();
        });
        this.#visible.observe(el);
      }
    }
  }
}
