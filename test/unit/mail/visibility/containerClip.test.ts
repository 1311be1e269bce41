import { strict as assert } from 'node:assert';
import { sanitizeHtml } from '../../../../src/mail/visibility/sanitize';

/**
 * A box that clips its overflow but sets no size of its own is sized by its container: a block fills its parent's
 * width, a percentage height is of the parent's height, a fixed-layout table gives its cells its width. Written as an
 * attacker who read hiddenContent.ts, which once judged only the clipping box's own declarations; each case was
 * checked against Chromium by the generated differential (test/oracle/hidingGenerator.ts, "clipping").
 */
const hidden = (html: string) => !/SECRET/.test(sanitizeHtml(`${html}<p>Hello there</p>`).text);
const shown = (html: string) => /SECRET/.test(sanitizeHtml(html).text);

describe('visibility: clipping boxes sized by their container', () => {
  it('withholds text clipped by a tiny container', () => {
    for (const html of [
      '<div style="width:1px"><div style="overflow:hidden">SECRET</div></div>',
      '<div style="max-width:0"><p style="overflow:hidden">SECRET</p></div>',
      '<div style="width:1px"><div style="width:100%;overflow:hidden">SECRET</div></div>',
      '<div style="height:0px"><div style="overflow:hidden;height:100%">SECRET</div></div>',
      '<table style="table-layout:fixed;width:1px"><tr><td style="overflow:hidden">SECRET</td></tr></table>',
      '<table width="2" style="table-layout:fixed"><tr><td style="overflow:hidden">SECRET</td></tr></table>',
      '<marquee width="0">SECRET</marquee>',
      '<marquee width="3" scrollamount="0">SECRET</marquee>',
      '<marquee height="1">SECRET</marquee>',
    ]) assert.ok(hidden(html), html);
  });

  it('keeps ordinary layouts: wide containers, auto tables that grow to their cells, inline spans that ignore width', () => {
    for (const html of [
      '<div style="width:600px"><div style="overflow:hidden">SECRET</div></div>',
      '<table width="1"><tr><td style="overflow:hidden">SECRET</td></tr></table>',
      '<div style="width:0"><span style="width:0">SECRET</span></div>',
      '<div style="height:0"><div style="overflow:hidden">SECRET</div></div>',
      '<marquee>SECRET</marquee>',
    ]) assert.ok(shown(html), html);
  });
});
