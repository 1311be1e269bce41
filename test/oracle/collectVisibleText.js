/**
 * Runs in the page (the visibility oracle's page script, see renderedText.ts): the text a person sees, one text
 * node a line. Plain JavaScript, so it runs in the page as written.
 */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- called by the evaluate() in renderedText.ts
function collectVisibleText() {
  const MIN_GLYPH_PX = 3;
  const MIN_OPACITY = 0.08;
  const CONTRAST_INVISIBLE = 1.12;
  // What the product never treats as mail text (form controls, embedded media); the oracle leaves them out too.
  const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'HEAD', 'TITLE', 'BUTTON', 'SELECT', 'TEXTAREA', 'OPTION', 'SVG', 'MATH', 'IFRAME', 'OBJECT', 'VIDEO', 'AUDIO', 'CANVAS', 'FORM']);
  const parse = (c) => {
    const m = /rgba?\(([^)]+)\)/.exec(c);
    if (!m) return undefined;
    const p = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const luminance = ([r, g, b]) => {
    const f = (v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const contrast = (a, b) => {
    const [l1, l2] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (l1 + 0.05) / (l2 + 0.05);
  };
  const opacityOf = (el) => {
    let o = 1;
    for (let e = el; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      o *= Number(s.opacity);
      const f = /opacity\(([\d.]+)(%?)\)/.exec(s.filter);
      if (f) o *= Number(f[1]) / (f[2] ? 100 : 1);
    }
    return o;
  };
  const backgroundOf = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.backgroundImage && s.backgroundImage !== 'none') return undefined;
      const c = parse(s.backgroundColor);
      if (c && c[3] > 0.9) return c;
    }
    return [255, 255, 255, 1];
  };
  const out = [];
  const walker = document.createTreeWalker(document.body ?? document.documentElement, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.nodeValue ?? '';
    if (!/\S/.test(text)) continue;
    const parent = node.parentElement;
    if (!parent) continue;
    let skipped = false;
    for (let e = parent; e; e = e.parentElement) if (SKIP.has(e.tagName.toUpperCase())) skipped = true;
    if (skipped) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const rects = [...range.getClientRects()].filter((r) => r.width >= 1 && r.height >= MIN_GLYPH_PX);
    const hit = rects.some((r) => {
      const x = r.left + Math.min(r.width / 2, 4);
      const y = r.top + r.height / 2;
      const found = document.elementFromPoint(x, y);
      return found !== null && (found === parent || parent.contains(found));
    });
    if (!hit) continue;
    const style = getComputedStyle(parent);
    const fill = parse(style.webkitTextFillColor) ?? parse(style.color);
    const opacity = opacityOf(parent);
    if (opacity < MIN_OPACITY || (fill && fill[3] * opacity < MIN_OPACITY)) continue;
    const background = backgroundOf(parent);
    if (fill && background) {
      const a = fill[3];
      const shown = [0, 1, 2].map((i) => fill[i] * a + background[i] * (1 - a));
      if (contrast(shown, background) < CONTRAST_INVISIBLE) continue;
    }
    out.push(text.replace(/\s+/g, ' ').trim());
  }
  return out.join('\n');
}
