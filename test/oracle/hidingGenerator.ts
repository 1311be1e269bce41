import { mulberry32 } from '../fixtures/generate/seed';

/**
 * Random mail that may hide a word, for the differential check of the visibility model against Chromium
 * (differential.ts). A case puts one unique marker word in a candidate element wrapped in one or two hiding
 * constructs drawn at random from a family (elements, selectors with pseudo-classes and at-rules, pseudo-elements,
 * cascade order, inheritance, clipping by an ancestor, stacking and overlap, colours, sizes, transforms, spacing,
 * image alt text), between two paragraphs of control text a person always sees. Many draws do not hide at all,
 * so the check tests both directions. Whether the marker is hidden is never decided here: Chromium decides
 * (except for image alt text, which the oracle cannot see as a text node; see `altShown`).
 * Seeded: the same seed gives the same cases on every machine.
 */

export const FAMILIES = [
  'element', 'selector', 'pseudoElement', 'cascade', 'inheritance', 'clipping', 'stacking', 'colour', 'size',
  'transform', 'spacing', 'alt', 'table', 'parser',
] as const;
export type Family = (typeof FAMILIES)[number];

export interface HidingCase {
  readonly index: number;
  readonly family: Family;
  /** The families of every construct in the case, outermost last. */
  readonly constructs: readonly string[];
  readonly html: string;
  readonly marker: string;
  readonly controls: readonly string[];
  /** For the alt family: whether a person sees the marker as an image's alt text (no image to show instead). */
  readonly altShown?: boolean;
}

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)];

/** A construct: CSS for the <style> element and a wrapper around the inner HTML; `name` says what it is. */
interface Construct {
  readonly name: string;
  readonly css?: string;
  readonly wrap: (inner: string) => string;
  readonly altShown?: boolean;
}

/** Words a person reads in ordinary mail, so that the candidate has company in its element. */
const FILLER = ['please', 'review', 'the', 'attached', 'notes', 'before', 'friday', 'thanks', 'meeting', 'agenda', 'budget', 'summary'];
const filler = (rng: Rng, n: number) => Array.from({ length: n }, () => pick(rng, FILLER)).join(' ');

/** Declarations that hide (or, for some, fail to hide) an element, as a browser reads them. */
function hidingDeclaration(rng: Rng): string {
  return pick(rng, [
    'display:none', 'visibility:hidden', 'color:#fff', 'color:#ffffff', 'font-size:0', 'font-size:1px', 'opacity:0',
    'opacity:0.02', 'display:inline-block;transform:scale(0)', 'position:absolute;left:-9999px', 'color:transparent',
    '-webkit-text-fill-color:transparent', 'display:block;height:0;overflow:hidden', 'color:red', 'font-weight:bold',
    'text-decoration:underline',
  ]);
}

const uniqueClass = (rng: Rng) => `k${Math.floor(rng() * 1e9).toString(36)}`;

function elementConstruct(rng: Rng): Construct {
  const summary = filler(rng, 2);
  return pick<Construct>(rng, [
    { name: 'details closed', wrap: (m) => `<details><summary>${summary}</summary><div>${m}</div></details>` },
    { name: 'details closed, text directly inside', wrap: (m) => `<details><summary>${summary}</summary>${m}</details>` },
    { name: 'details open', wrap: (m) => `<details open><summary>${summary}</summary><div>${m}</div></details>` },
    { name: 'details closed, candidate in summary', wrap: (m) => `<details><summary>${m}</summary>${summary}</details>` },
    { name: 'dialog', wrap: (m) => `<dialog>${m}</dialog>` },
    { name: 'dialog open', wrap: (m) => `<dialog open>${m}</dialog>` },
    { name: 'template', wrap: (m) => `<template>${m}</template>` },
    { name: 'noembed', wrap: (m) => `<noembed>${m}</noembed>` },
    { name: 'noframes', wrap: (m) => `<noframes>${m}</noframes>` },
    { name: 'noscript', wrap: (m) => `<noscript>${m}</noscript>` },
    { name: 'ruby rp', wrap: (m) => `<ruby>kan<rp>${m}</rp><rt>ji</rt><rp>)</rp></ruby>` },
    { name: 'ruby rt', wrap: (m) => `<ruby>kan<rp>(</rp><rt>${m}</rt><rp>)</rp></ruby>` },
    { name: 'hidden attribute', wrap: (m) => `<div hidden>${m}</div>` },
    { name: 'hidden until-found', wrap: (m) => `<div hidden="until-found">${m}</div>` },
    { name: 'select option', wrap: (m) => `<select><option>${m}</option></select>` },
    { name: 'textarea', wrap: (m) => `<textarea>${m}</textarea>` },
    { name: 'object fallback', wrap: (m) => `<object>${m}</object>` },
    { name: 'svg text', wrap: (m) => `<svg width="200" height="40"><text x="0" y="20">${m}</text></svg>` },
    { name: 'title in body', wrap: (m) => `<title>${m}</title>` },
    { name: 'datalist', wrap: (m) => `<datalist><option>${m}</option></datalist>` },
    { name: 'font white', wrap: (m) => `<font color="#ffffff">${m}</font>` },
    { name: 'font size 1', wrap: (m) => `<font size="1">${m}</font>` },
    { name: 'table cell', wrap: (m) => `<table><tr><td>${m}</td></tr></table>` },
    { name: 'table caption', wrap: (m) => `<table><caption>${m}</caption><tr><td>x</td></tr></table>` },
    { name: 'fieldset legend', wrap: (m) => `<fieldset><legend>${m}</legend>${summary}</fieldset>` },
    { name: 'blockquote', wrap: (m) => `<blockquote>${m}</blockquote>` },
    { name: 'center', wrap: (m) => `<center>${m}</center>` },
    { name: 'list item', wrap: (m) => `<ul><li>${m}</li></ul>` },
    { name: 'definition list', wrap: (m) => `<dl><dt>${summary}</dt><dd>${m}</dd></dl>` },
    { name: 'small', wrap: (m) => `<small>${m}</small>` },
    { name: 'abbr', wrap: (m) => `<abbr title="x">${m}</abbr>` },
    { name: 'pre', wrap: (m) => `<pre>${m}</pre>` },
  ]);
}

function selectorConstruct(rng: Rng): Construct {
  const c = uniqueClass(rng);
  const declaration = hidingDeclaration(rng);
  const [selector, wrap] = pick<[string, (m: string) => string]>(rng, [
    [`.${c}:lang(en)`, (m) => `<div lang="en"><span class="${c}">${m}</span></div>`],
    [`.${c}:lang(fr)`, (m) => `<div lang="en"><span class="${c}">${m}</span></div>`],
    [`.${c}:not(:lang(fr))`, (m) => `<div lang="en"><span class="${c}">${m}</span></div>`],
    [`.${c}:dir(ltr)`, (m) => `<span class="${c}">${m}</span>`],
    [`.${c}:dir(rtl)`, (m) => `<span class="${c}">${m}</span>`],
    [`.${c}:defined`, (m) => `<span class="${c}">${m}</span>`],
    [`.${c}:not(:defined)`, (m) => `<span class="${c}">${m}</span>`],
    [`.${c}:is(span, b)`, (m) => `<span class="${c}">${m}</span>`],
    [`:where(div) .${c}`, (m) => `<div><span class="${c}">${m}</span></div>`],
    [`div:has(.${c}) span`, (m) => `<div><span class="${c}">${m}</span></div>`],
    [`.${c}:nth-child(2n+1)`, (m) => `<div><span class="${c}">${m}</span></div>`],
    [`.${c}:first-child`, (m) => `<div><b>x</b><span class="${c}">${m}</span></div>`],
    [`.${c}:only-child`, (m) => `<div><span class="${c}">${m}</span></div>`],
    [`.${c}:not(.zz)`, (m) => `<span class="${c}">${m}</span>`],
    [`.${c}:hover`, (m) => `<span class="${c}">${m}</span>`],
    [`.${c}:not(:hover)`, (m) => `<span class="${c}">${m}</span>`],
    [`.${c}:not(:focus-within)`, (m) => `<span class="${c}">${m}</span>`],
    [`.${c}:focus-within`, (m) => `<span class="${c}">${m}</span>`],
    [`.${c}:not(:target)`, (m) => `<span class="${c}">${m}</span>`],
    [`:scope .${c}`, (m) => `<span class="${c}">${m}</span>`],
    [`:root .${c}`, (m) => `<span class="${c}">${m}</span>`],
    [`.${c}:read-only`, (m) => `<span class="${c}">${m}</span>`],
    [`.${c}:read-write`, (m) => `<span class="${c}">${m}</span>`],
    [`.${c}:not(:enabled)`, (m) => `<span class="${c}">${m}</span>`],
    [`.${c}:not(:placeholder-shown)`, (m) => `<span class="${c}">${m}</span>`],
    [`.${c}:is(:lang(en), :dir(rtl))`, (m) => `<div lang="en"><span class="${c}">${m}</span></div>`],
    [`.${c}:where(:not(:dir(rtl)))`, (m) => `<span class="${c}">${m}</span>`],
    [`.${c}:not(:not(:defined))`, (m) => `<span class="${c}">${m}</span>`],
    [`.${c}:empty`, (m) => `<span class="${c}">${m}</span>`],
    [`.${c}:not(:empty)`, (m) => `<span class="${c}">${m}</span>`],
    [`[class~="${c}"]`, (m) => `<span class="${c}">${m}</span>`],
    [`[data-${c}^="ab"]`, (m) => `<span data-${c}="abc">${m}</span>`],
    [`p + .${c}`, (m) => `<p>x</p><div class="${c}">${m}</div>`],
    [`p ~ .${c}`, (m) => `<p>x</p><b>y</b><div class="${c}">${m}</div>`],
    [`.\\${c.charCodeAt(0).toString(16)} ${c.slice(1)}`, (m) => `<span class="${c}">${m}</span>`],
    [`.${c}:any-link`, (m) => `<a class="${c}" href="https://example.com/">${m}</a>`],
    [`.${c}:link`, (m) => `<a class="${c}" href="https://example.com/">${m}</a>`],
    [`.${c}:visited`, (m) => `<a class="${c}" href="https://example.com/">${m}</a>`],
    [`.${c}:nth-child(2 of .${c})`, (m) => `<div><span class="${c}">x</span><span class="${c}">${m}</span></div>`],
    [`.${c}:playing`, (m) => `<span class="${c}">${m}</span>`],
    [`.${c}:open`, (m) => `<details open class="${c}"><summary>s</summary>${m}</details>`],
  ]);
  const rule = `${selector}{${declaration}}`;
  const css = pick(rng, [
    rule, rule, rule, `@media screen{${rule}}`, `@media print{${rule}}`, `@media (max-width:10px){${rule}}`,
    `@supports (display:grid){${rule}}`, `@supports (frobnicate:yes){${rule}}`, `@layer base{${rule}}`,
    `@container (min-width:1px){${rule}}`, `@scope (body){${rule}}`,
  ]);
  return { name: `${css}`, css, wrap };
}

function pseudoElementConstruct(rng: Rng): Construct {
  const c = uniqueClass(rng);
  const cover = 'content:"";position:absolute;left:0;top:0;width:100%;height:100%;background:#fff';
  const [css, wrap] = pick<[string, (m: string) => string]>(rng, [
    [`.${c}::first-line{color:#fff}`, (m) => `<div class="${c}">${m}</div>`],
    [`.${c}::first-line{font-size:0}`, (m) => `<div class="${c}">${m}</div>`],
    [`.${c}::first-line{color:#333}`, (m) => `<div class="${c}">${m}</div>`],
    [`.${c}:first-line{color:white}`, (m) => `<div class="${c}">${m}</div>`],
    [`.${c}::first-letter{font-size:0}`, (m) => `<div class="${c}">${m}</div>`],
    [`.${c}::first-letter{color:#fff}`, (m) => `<div class="${c}">${m}</div>`],
    [`.${c}{position:relative}.${c}::before{${cover}}`, (m) => `<div class="${c}">${m}</div>`],
    [`.${c}{position:relative}.${c}::after{${cover}}`, (m) => `<div class="${c}">${m}</div>`],
    [`.${c}{position:relative}.${c}:after{${cover}}`, (m) => `<div class="${c}">${m}</div>`],
    [`.${c}::before{content:"note: "}`, (m) => `<div class="${c}">${m}</div>`],
    [`.${c}::selection{color:#fff}`, (m) => `<div class="${c}">${m}</div>`],
    [`.${c}::marker{font-size:0}`, (m) => `<ul><li class="${c}">${m}</li></ul>`],
    [`.${c}::placeholder{color:#fff}`, (m) => `<div class="${c}">${m}</div>`],
  ]);
  return { name: css, css, wrap };
}

function cascadeConstruct(rng: Rng): Construct {
  const c = uniqueClass(rng);
  const id = `i${c}`;
  const [css, wrap] = pick<[string, (m: string) => string]>(rng, [
    [`.${c}{display:none} #${id}{display:inline}`, (m) => `<span class="${c}" id="${id}">${m}</span>`],
    [`#${id}{display:none} .${c}{display:inline}`, (m) => `<span class="${c}" id="${id}">${m}</span>`],
    [`.${c}{display:none !important}`, (m) => `<span class="${c}" style="display:inline">${m}</span>`],
    [`.${c}{display:inline !important}`, (m) => `<span class="${c}" style="display:none">${m}</span>`],
    [`.${c}{display:inline} .${c}{display:none}`, (m) => `<span class="${c}">${m}</span>`],
    [`.${c}{display:none} .${c}{display:inline}`, (m) => `<span class="${c}">${m}</span>`],
    [`.${c}.${c}{color:#fff} span.${c}{color:#000}`, (m) => `<span class="${c}">${m}</span>`],
    [`@layer base{.${c}{display:none}} .${c}{display:inline}`, (m) => `<span class="${c}">${m}</span>`],
    [`@layer base{.${c}{display:none !important}} .${c}{display:inline !important}`, (m) => `<span class="${c}">${m}</span>`],
    [`.${c}{display:none} .${c}{all:unset}`, (m) => `<span class="${c}">${m}</span>`],
    [`.${c}{color:#fff} .${c}{all:revert}`, (m) => `<span class="${c}">${m}</span>`],
    [`.${c}{display:none;display:frobnicate}`, (m) => `<span class="${c}">${m}</span>`],
    [`.${c}{display:frobnicate;display:none}`, (m) => `<span class="${c}">${m}</span>`],
    [`.${c}{display:none}`, (m) => `<span class="${c.toUpperCase()}">${m}</span>`],
    [`SPAN.${c}{display:none}`, (m) => `<span class="${c}">${m}</span>`],
    [`.${c}{visibility:hidden}`, (m) => `<span class="${c}" style="visibility:visible">${m}</span>`],
  ]);
  const media = pick(rng, ['', '', '', ' media="print"', ' media="screen"']);
  return { name: `${css}${media}`, css: media ? `</style><style${media}>${css}` : css, wrap };
}

function inheritanceConstruct(rng: Rng): Construct {
  return pick<Construct>(rng, [
    { name: 'visibility hidden, child visible', wrap: (m) => `<div style="visibility:hidden">x <span style="visibility:visible">${m}</span></div>` },
    { name: 'visibility hidden, child inherits', wrap: (m) => `<div style="visibility:hidden">x <span>${m}</span></div>` },
    { name: 'white, child inherit', wrap: (m) => `<div style="color:#fff"><span style="color:inherit">${m}</span></div>` },
    { name: 'white, child initial', wrap: (m) => `<div style="color:#fff"><span style="color:initial">${m}</span></div>` },
    { name: 'white, child currentcolor fill', wrap: (m) => `<div style="color:#fff"><span style="-webkit-text-fill-color:currentcolor">${m}</span></div>` },
    { name: 'font 0, child 1em', wrap: (m) => `<div style="font-size:0"><span style="font-size:1em">${m}</span></div>` },
    { name: 'font 0, child 1rem', wrap: (m) => `<div style="font-size:0"><span style="font-size:1rem">${m}</span></div>` },
    { name: 'font 0, child 100%', wrap: (m) => `<div style="font-size:0"><span style="font-size:100%">${m}</span></div>` },
    { name: 'font 0, child 14px', wrap: (m) => `<div style="font-size:0"><span style="font-size:14px">${m}</span></div>` },
    { name: 'opacity compounds', wrap: (m) => `<div style="opacity:0.2"><div style="opacity:0.2">${m}</div></div>` },
    { name: 'opacity parent .5', wrap: (m) => `<div style="opacity:0.5">${m}</div>` },
    { name: 'custom property display', css: '.vv{--h:none}.vv span{display:var(--h)}', wrap: (m) => `<div class="vv"><span>${m}</span></div>` },
    { name: 'custom property colour', wrap: (m) => `<div style="--c:#fff"><span style="color:var(--c)">${m}</span></div>` },
    { name: 'custom property undefined', wrap: (m) => `<div><span style="color:var(--nope)">${m}</span></div>` },
    { name: 'display contents colour', wrap: (m) => `<div style="display:contents;color:#fff"><span>${m}</span></div>` },
    { name: 'all initial under white', wrap: (m) => `<div style="color:#fff"><span style="all:initial">${m}</span></div>` },
    { name: 'all inherit under font 0', wrap: (m) => `<div style="font-size:0"><span style="all:inherit">${m}</span></div>` },
    { name: 'fill transparent, child fill black', wrap: (m) => `<div style="-webkit-text-fill-color:transparent"><span style="-webkit-text-fill-color:#000">${m}</span></div>` },
  ]);
}

function clippingConstruct(rng: Rng): Construct {
  const h = pick(rng, [0, 1, 10, 18, 40, 200]);
  const w = pick(rng, [150, 300]);
  const off = pick(rng, [10, 40, 120, 320, 600]);
  const narrow = pick(rng, [0, 1, 3, 40, 300]);
  const lines = `${filler(rng, 3)}<br>${filler(rng, 3)}<br>`;
  return pick<Construct>(rng, [
    { name: `overflow hidden height ${h}, candidate on the third line`, wrap: (m) => `<div style="overflow:hidden;height:${h}px;line-height:18px">${lines}${m}</div>` },
    { name: `overflow hidden max-height ${h}, first line`, wrap: (m) => `<div style="overflow:hidden;max-height:${h}px">${m}</div>` },
    { name: `overflow clip height ${h}, third line`, wrap: (m) => `<div style="overflow:clip;height:${h}px;line-height:18px">${lines}${m}</div>` },
    { name: `absolute left ${off} in a ${w}px overflow box`, wrap: (m) => `<div style="overflow:hidden;position:relative;width:${w}px;height:40px">x<span style="position:absolute;left:${off}px;top:0">${m}</span></div>` },
    { name: `relative top -${off} in an overflow box`, wrap: (m) => `<div style="overflow:hidden;height:40px"><span style="position:relative;top:-${off}px">${m}</span></div>` },
    { name: `margin-top -${off} in an overflow box`, wrap: (m) => `<div style="overflow:hidden;height:40px"><div style="margin-top:-${off}px">${m}</div></div>` },
    { name: `margin-left ${off} in a ${w}px overflow box`, wrap: (m) => `<div style="overflow:hidden;width:${w}px"><div style="margin-left:${off}px">${m}</div></div>` },
    { name: `text-indent -${off} in an overflow box`, wrap: (m) => `<div style="overflow:hidden;width:${w}px"><div style="text-indent:-${off}px">${m}</div></div>` },
    { name: `nowrap past a ${w}px overflow box`, wrap: (m) => `<div style="overflow:hidden;width:${w}px;white-space:nowrap">${filler(rng, 14)} <span>${m}</span></div>` },
    { name: 'clip-path inset bottom half', wrap: (m) => `<div style="clip-path:inset(0 0 50% 0);line-height:18px">${filler(rng, 3)}<br>${m}</div>` },
    { name: 'clip-path circle', wrap: (m) => `<div style="clip-path:circle(5px at 0 0)">${m}</div>` },
    { name: 'contain paint, child offset', wrap: (m) => `<div style="contain:paint;height:30px"><span style="position:relative;top:${off}px">${m}</span></div>` },
    { name: `relative top ${off}, no overflow`, wrap: (m) => `<div style="height:40px"><span style="position:relative;top:${off}px">${m}</span></div>` },
    { name: `transform translate ${off} in a ${w}px overflow box`, wrap: (m) => `<div style="overflow:hidden;width:${w}px"><span style="display:inline-block;transform:translateX(${off}px)">${m}</span></div>` },
    // An ancestor sizes the box that clips: the clipping box sets no width or height of its own.
    { name: `overflow hidden block in a ${narrow}px wide parent`, wrap: (m) => `<div style="width:${narrow}px"><div style="overflow:hidden">${m}</div></div>` },
    { name: `overflow hidden block, width 100%, in a ${narrow}px max-width parent`, wrap: (m) => `<div style="max-width:${narrow}px"><p style="width:100%;overflow:hidden">${m}</p></div>` },
    { name: `height 100% overflow box in a ${h}px parent, third line`, wrap: (m) => `<div style="height:${h}px"><div style="height:100%;overflow:hidden;line-height:18px">${lines}${m}</div></div>` },
    { name: `fixed table ${narrow}px wide, cell overflow hidden`, wrap: (m) => `<table style="table-layout:fixed;width:${narrow}px" cellpadding="0" cellspacing="0"><tr><td style="overflow:hidden">${m}</td></tr></table>` },
    { name: `auto table width attribute ${narrow}, cell overflow hidden`, wrap: (m) => `<table width="${narrow}"><tr><td style="overflow:hidden">${m}</td></tr></table>` },
    { name: `marquee width attribute ${narrow}`, wrap: (m) => `<marquee scrollamount="0" width="${narrow}">${m}</marquee>` },
  ]);
}

function stackingConstruct(rng: Rng): Construct {
  const bg = pick(rng, ['#fff', '#ffffff', 'white', 'transparent', 'rgba(255,255,255,0.3)']);
  return pick<Construct>(rng, [
    { name: `absolute box ${bg} over text`, wrap: (m) => `<div style="position:relative"><div>${m}</div><div style="position:absolute;left:0;top:0;width:100%;height:100%;background:${bg}"></div></div>` },
    { name: `absolute box ${bg} at its static place`, wrap: (m) => `<div style="position:absolute;width:600px;height:60px;background:${bg}"></div><div>${m}</div>` },
    { name: `inline-block ${bg} pulled up over text`, wrap: (m) => `<div style="margin:0;line-height:20px">${m}</div><div style="display:inline-block;width:600px;height:30px;margin-top:-25px;background:${bg}"></div>` },
    { name: `relative box ${bg} pulled up over text`, wrap: (m) => `<div style="margin:0">${m}</div><div style="position:relative;top:-20px;height:30px;background:${bg}"></div>` },
    { name: `transformed box ${bg} moved over text`, wrap: (m) => `<div style="margin:0">${m}</div><div style="transform:translateY(-20px);height:30px;background:${bg}"></div>` },
    { name: `float ${bg} pulled up over text`, wrap: (m) => `<div style="margin:0">${m}</div><div style="float:left;width:600px;height:30px;margin-top:-20px;background:${bg}"></div>` },
    { name: `block ${bg} pulled up over text (painted under it)`, wrap: (m) => `<div style="margin:0">${m}</div><div style="height:30px;margin-top:-20px;background:${bg}"></div>` },
    { name: `z-index -1 under a ${bg} parent`, wrap: (m) => `<div style="background:${bg}"><span style="position:relative;z-index:-1">${m}</span></div>` },
    { name: `fixed box ${bg} covering the pane`, wrap: (m) => `<div>${m}</div><div style="position:fixed;left:0;top:0;width:100%;height:100%;background:${bg}"></div>` },
    { name: `absolute text over text`, wrap: (m) => `<div style="position:relative"><div>${m}</div><div style="position:absolute;left:0;top:0">${filler(rng, 4)}</div></div>` },
  ]);
}

function colourConstruct(rng: Rng): Construct {
  const [style, wrapperBg] = pick<[string, string]>(rng, [
    ['color:#fff', ''], ['color:white', ''], ['color:rgb(255,255,255)', ''], ['color:hsl(0,0%,100%)', ''], ['color:#fffffe', ''],
    ['color:#fafafa', ''], ['color:#eee', ''], ['color:#888', ''], ['color:rgba(0,0,0,0)', ''], ['color:rgba(0,0,0,0.05)', ''],
    ['color:rgb(0 0 0 / 3%)', ''], ['color:#00000008', ''], ['color:color-mix(in srgb, white 99%, black)', ''],
    ['color:light-dark(#fff, #000)', ''], ['color:Canvas', ''], ['color:CanvasText', ''], ['color:#123457', 'background:#123456'],
    ['color:#000', 'background:#000'], ['color:#fff', 'background:#000'], ['color:#fff', 'background:linear-gradient(#fff,#fff)'],
    ['-webkit-text-fill-color:#fff', ''], ['color:#fff;-webkit-text-fill-color:#000', ''], ['color:transparent;text-shadow:0 0 0 #000', ''],
    ['color:#fff', 'background-color:#fff'], ['color:#fff', 'background:#333 url(x.png)'], ['color:#000', 'background:rgba(0,0,0,0.95)'],
    ['color:#fff', 'background:#000;opacity:0.5'], ['color:#fff;mix-blend-mode:normal', ''], ['color:#000;mix-blend-mode:screen', ''],
    ['color:#fff', 'bgcolor'], ['color:#fff', 'background:#fff url(https://img.example/x.png)'], ['color:#fff', 'background-image:url(x.png)'],
    ['', 'quirksTable'],
  ]);
  const inner = (m: string) => `<span style="${style}">${m}</span>`;
  // The generated documents have a doctype: in standards mode a table inherits the white of the font around it
  // (in quirks mode it does not; the ordinary mail of the corpus oracle test has no doctype).
  if (wrapperBg === 'quirksTable') return { name: 'white font around a table', wrap: (m) => `<font color="#ffffff"><table><tr><td>${m}</td></tr></table></font>` };
  if (wrapperBg === 'bgcolor') return { name: `${style} in a black table cell`, wrap: (m) => `<table><tr><td bgcolor="#000000">${inner(m)}</td></tr></table>` };
  return { name: `${style} ${wrapperBg}`, wrap: (m) => (wrapperBg ? `<div style="${wrapperBg}">${inner(m)}</div>` : inner(m)) };
}

function sizeConstruct(rng: Rng): Construct {
  const style = pick(rng, [
    'font-size:0', 'font-size:1px', 'font-size:2px', 'font-size:4px', 'font-size:0.1em', 'font-size:calc(1px * 0)', 'font:0/0 a',
    'font-size:xx-small', 'font-size:smaller', 'zoom:0.1', 'zoom:0.5', 'display:inline-block;transform:scale(0.1)',
    'display:block;max-height:0;overflow:hidden', 'display:block;width:0;height:0;overflow:hidden',
    'display:block;line-height:0;overflow:hidden', 'display:block;height:1px;overflow:hidden', 'display:block;height:5px;overflow:hidden',
    'display:inline-block;width:1px;overflow:hidden', 'font-size:-webkit-xxx-large', 'font-size:max(0px, 0em)', 'font-size:0.2vw',
    'display:block;height:0;padding-bottom:0;overflow:hidden', 'display:block;width:0;height:0',
  ]);
  return { name: style, wrap: (m) => `<span style="${style}">${m}</span>` };
}

function transformConstruct(rng: Rng): Construct {
  const style = pick(rng, [
    'transform:translate(-9999px)', 'transform:translateX(-200px)', 'transform:translateX(-20px)', 'transform:translateY(-100px)',
    'transform:rotateY(90deg)', 'transform:rotateX(90deg)', 'transform:rotate(180deg)', 'transform:scale(0)', 'transform:scaleY(0)',
    'transform:scale(1.5)', 'transform:matrix(0,0,0,0,0,0)', 'transform:matrix(1,0,0,1,0,0)', 'transform:perspective(100px) rotateY(89deg)',
    '-webkit-transform:scale(0)', '-webkit-transform:translateX(-9999px)', 'translate:-9999px', 'scale:0', 'rotate:y 90deg',
    'transform:skewX(89.9deg)', 'transform:translate3d(0,0,-5000px)', 'transform:scale3d(1,1,1)', 'transform:rotate(0.5turn) scale(0.01)',
  ]);
  return { name: style, wrap: (m) => `<span style="display:inline-block;${style}">${m}</span>` };
}

function spacingConstruct(rng: Rng): Construct {
  const style = pick(rng, [
    'letter-spacing:-1em', 'letter-spacing:-0.5em', 'letter-spacing:-20px', 'letter-spacing:0.1em', 'letter-spacing:2px',
    'letter-spacing:1000px', 'word-spacing:-9999px', 'word-spacing:4px', 'text-indent:-9999px', 'text-indent:-100px', 'text-indent:-20px',
    'text-indent:2000px', 'text-indent:40px', 'padding-left:2000px', 'padding-left:20px', 'margin-left:-100px', 'margin-left:-30px',
    'margin-top:-60px', 'margin-left:1500px', 'line-height:0', 'line-height:0.1', 'vertical-align:-2000px', 'position:relative;left:-60px',
    'position:relative;top:-2000px', 'position:absolute;top:-100px', 'position:absolute;left:1100px', 'position:relative;left:30px',
  ]);
  const block = pick(rng, [true, false]);
  return {
    name: `${style} on a ${block ? 'block' : 'span'}`,
    wrap: (m) => (block ? `<div style="${style}">${m}</div>` : `<span style="${style}">${m}</span>`),
  };
}

/** 1x1 transparent GIF: an image that loads without the network. */
const PIXEL = 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';

function altConstruct(rng: Rng): Construct {
  return pick<Construct>(rng, [
    { name: 'alt of a data: image', altShown: false, wrap: (m) => `<img alt="${m}" src="${PIXEL}" width="120" height="40">` },
    { name: 'alt of a remote image', altShown: false, wrap: (m) => `<img alt="${m}" src="https://images.example.com/logo.png" width="120" height="40">` },
    { name: 'alt of a cid: image', altShown: false, wrap: (m) => `<img alt="${m}" src="cid:logo@example.com" width="120" height="40">` },
    { name: 'alt of an image without src', altShown: true, wrap: (m) => `<img alt="${m}">` },
    { name: 'alt of an image with an empty src', altShown: true, wrap: (m) => `<img alt="${m}" src="">` },
    { name: 'title of a span', altShown: false, wrap: (m) => `<span title="${m}">${filler(rng, 2)}</span>` },
  ]);
}

function tableConstruct(rng: Rng): Construct {
  const cell = filler(rng, 2);
  return pick<Construct>(rng, [
    { name: 'row visibility collapse', wrap: (m) => `<table><tr><td>${cell}</td></tr><tr style="visibility:collapse"><td>${m}</td></tr></table>` },
    { name: 'column visibility collapse', wrap: (m) => `<table><colgroup><col><col style="visibility:collapse"></colgroup><tr><td>${cell}</td><td>${m}</td></tr></table>` },
    { name: 'column white', wrap: (m) => `<table><col><col style="color:#fff"><tr><td>${cell}</td><td>${m}</td></tr></table>` },
    { name: 'column background', wrap: (m) => `<table><col><col style="background:#fff"><tr><td>${cell}</td><td style="color:#fff">${m}</td></tr></table>` },
    { name: 'cell display none', wrap: (m) => `<table><tr><td>${cell}</td><td style="display:none">${m}</td></tr></table>` },
    { name: 'hidden row', wrap: (m) => `<table><tr><td>${cell}</td></tr><tr hidden><td>${m}</td></tr></table>` },
    { name: 'row height 0 overflow', wrap: (m) => `<table><tr style="height:0;overflow:hidden"><td style="height:0;overflow:hidden;line-height:0;font-size:0">${m}</td></tr></table>` },
    { name: 'cell in a black table', wrap: (m) => `<table bgcolor="#000000"><tr><td><font color="#000000">${m}</font></td></tr></table>` },
    { name: 'cell white on a white table background attribute', wrap: (m) => `<table bgcolor="white"><tr><td style="color:white">${m}</td></tr></table>` },
    { name: 'caption below', wrap: (m) => `<table style="caption-side:bottom"><caption>${m}</caption><tr><td>${cell}</td></tr></table>` },
    { name: 'width 0 table cell', wrap: (m) => `<table style="table-layout:fixed;width:200px"><tr><td style="width:200px">${cell}</td><td style="width:0;overflow:hidden;white-space:nowrap">${m}</td></tr></table>` },
    { name: 'ordinary table', wrap: (m) => `<table border="1" cellpadding="4"><tr><th>${cell}</th></tr><tr><td>${m}</td></tr></table>` },
  ]);
}

function parserConstruct(rng: Rng): Construct {
  const word = filler(rng, 1);
  return pick<Construct>(rng, [
    { name: 'text foster-parented out of a table', wrap: (m) => `<table style="display:none"><tr><td>${word}</td></tr>${m}</table>` },
    { name: 'text in a table row outside cells', wrap: (m) => `<div style="display:none"><table><tr>${m}<td>${word}</td></tr></table></div>` },
    { name: 'p inside a hidden p', wrap: (m) => `<p style="display:none">${word}<p>${m}</p>` },
    { name: 'div closes a hidden p', wrap: (m) => `<p style="display:none">${word}<div>${m}</div>` },
    { name: 'unclosed hidden span', wrap: (m) => `<span style="display:none">${word}</div>${m}` },
    { name: 'comment that ends early', wrap: (m) => `<!--->${m}<!-- -->` },
    { name: 'bogus comment', wrap: (m) => `<? ${word} >${m}` },
    { name: 'end tag br', wrap: (m) => `${word}</br>${m}` },
    { name: 'xmp raw text', wrap: (m) => `<xmp>${m}</xmp>` },
    { name: 'textarea raw text', wrap: (m) => `<textarea>${m}</textarea>` },
    { name: 'title in body raw text', wrap: (m) => `<title>${m}</title>` },
    { name: 'style element in body with rule', wrap: (m) => `<style>.pz{display:none}</style><span class="pz">${m}</span>` },
    { name: 'hidden select reaching past', wrap: (m) => `<select><option>${word}</select>${m}` },
    { name: 'nested forms', wrap: (m) => `<form><div>${word}<form>${m}</form></div></form>` },
    { name: 'svg foreignObject', wrap: (m) => `<svg width="300" height="40"><foreignObject width="300" height="40"><div>${m}</div></foreignObject></svg>` },
    { name: 'math text', wrap: (m) => `<math><mi>${m}</mi></math>` },
    { name: 'cdata in html', wrap: (m) => `<![CDATA[ ${m} ]]>` },
    { name: 'null-ish entity', wrap: (m) => `&#0;${m}` },
  ]);
}

const CONSTRUCTORS: Record<Family, (rng: Rng) => Construct> = {
  element: elementConstruct,
  selector: selectorConstruct,
  pseudoElement: pseudoElementConstruct,
  cascade: cascadeConstruct,
  inheritance: inheritanceConstruct,
  clipping: clippingConstruct,
  stacking: stackingConstruct,
  colour: colourConstruct,
  size: sizeConstruct,
  transform: transformConstruct,
  spacing: spacingConstruct,
  alt: altConstruct,
  table: tableConstruct,
  parser: parserConstruct,
};

/** Letters only (no digits), so that no tokenizer splits a marker; the index makes each one unique. */
function markerWord(prefix: string, seed: number, index: number): string {
  let n = seed * 100_003 + index;
  let word = '';
  do {
    word += String.fromCharCode(97 + (n % 26));
    n = Math.floor(n / 26);
  } while (n > 0);
  return `${prefix}${word}`;
}

export function generateCases(seed: number, count: number): HidingCase[] {
  const rng = mulberry32(seed);
  const cases: HidingCase[] = [];
  for (let index = 0; index < count; index++) {
    const family = FAMILIES[index % FAMILIES.length];
    const primary = CONSTRUCTORS[family](rng);
    const constructs = [primary];
    // A second construct from another family around the first: combinations are where models go wrong.
    if (family !== 'alt' && rng() < 0.35) {
      const other = pick(rng, FAMILIES.filter((f) => f !== family && f !== 'alt'));
      constructs.push(CONSTRUCTORS[other](rng));
    }
    const marker = markerWord('zqmark', seed, index);
    const controls = [markerWord('zqctla', seed, index), markerWord('zqctlb', seed, index)];
    const candidate = `${filler(rng, 2)} ${marker} ${filler(rng, 2)}`;
    const body = constructs.reduce((inner, c) => c.wrap(inner), candidate);
    const css = constructs.map((c) => c.css ?? '').join('\n');
    const html =
      `<!doctype html><html><head><meta charset="utf-8"><style>${css}</style></head><body>` +
      `<p>${controls[0]} ${filler(rng, 3)}</p>${body}<p>${controls[1]} ${filler(rng, 3)}</p></body></html>`;
    cases.push({ index, family, constructs: constructs.map((c) => c.name), html, marker, controls, altShown: primary.altShown });
  }
  return cases;
}
