import assert from 'node:assert/strict';
import { parseDocument } from 'htmlparser2';
import { sanitizeHtml } from '../../../../src/mail/visibility/sanitize';
import { limitTableLayouts, MAX_GRID_COLUMNS, MAX_GRID_ROWS } from '../../../../src/mail/visibility/tableLayout';
import { corpusHtmlParts } from '../../guard/corpusEvaluation';

const rows = (n: number, row: (i: number) => string) => Array.from({ length: n }, (_, i) => row(i)).join('');

describe('mail/visibility/tableLayout: tables from mail cannot stall or crash the HTML conversion', function () {
  // Before the limits, the first two tests below ran the process out of memory or for many seconds: the
  // timeout is their tripwire, not a speed figure (bench/ measures speed).
  this.timeout(20_000);

  it('reads a cell spanning 65,534 rows and columns, and spans that are not numbers, without building their grid', () => {
    const html =
      '<table><tr><td colspan="65534" rowspan="65534">Invoice 4711</td><td colspan="Infinity">due 2025-10-01</td>' +
      '<td colspan="-3" rowspan="1e9">EUR 120.00</td></tr></table>';
    const text = sanitizeHtml(html).text;
    assert.match(text, /Invoice 4711/);
    assert.match(text, /due 2025-10-01/);
    assert.match(text, /EUR 120\.00/);
  });

  it('writes a table of 50,000 rows as one line per row, every cell kept, in document order', () => {
    const html = `<p>Report</p><table>${rows(50_000, (i) => `<tr><td>Order ${i}</td><td>$${i}.00</td></tr>`)}</table><p>End of report</p>`;
    const lines = sanitizeHtml(html).text.split('\n');
    assert.equal(lines[0], 'Report');
    assert.equal(lines.at(-1), 'End of report');
    assert.ok(lines.includes('Order 0 | $0.00'));
    assert.ok(lines.includes('Order 49999 | $49999.00'));
    assert.equal(lines.filter((line) => line.startsWith('Order ')).length, 50_000);
  });

  it('writes a row of 50,000 cells as one line', () => {
    const html = `<table><tr>${rows(50_000, (i) => `<td>c${i}</td>`)}</tr></table>`;
    const text = sanitizeHtml(html).text;
    assert.ok(text.startsWith('c0 | c1 | c2'));
    assert.ok(text.endsWith('c49998 | c49999'));
  });

  it('keeps the grid of tables within the limits, as real receipts and layout tables are', () => {
    const receipt =
      '<table><thead><tr><th>Item</th><th>Qty</th><th>Price</th></tr></thead><tbody>' +
      '<tr><td>Green tea</td><td>2</td><td>$6.00</td></tr><tr><td colspan="2">Total</td><td>$6.00</td></tr></tbody></table>';
    const document = parseDocument(receipt);
    assert.deepEqual(limitTableLayouts(document), { flattened: 0 });
    const text = sanitizeHtml(receipt).text;
    assert.match(text, /^Item Qty Price$/m);
    assert.match(text, /^Green tea 2 \$6\.00$/m);
    assert.doesNotMatch(text, /\|/);
  });

  it('draws the line at the limits: rows, columns, and columns that spanning cells carry into the rows below', () => {
    const tall = (n: number) => `<table>${rows(n, (i) => `<tr><td>${i}</td></tr>`)}</table>`;
    const wide = (n: number) => `<table><tr>${rows(n, (i) => `<td>${i}</td>`)}</tr></table>`;
    const flattened = (html: string) => limitTableLayouts(parseDocument(html)).flattened;
    assert.equal(flattened(tall(MAX_GRID_ROWS)), 0);
    assert.equal(flattened(tall(MAX_GRID_ROWS + 1)), 1);
    assert.equal(flattened(wide(MAX_GRID_COLUMNS)), 0);
    assert.equal(flattened(wide(MAX_GRID_COLUMNS + 1)), 1);
    // One row, but a cell reaching 500 rows down.
    assert.equal(flattened('<table><tr><td rowspan="500">a</td></tr></table>'), 0, 'a span is clamped, not a reason to flatten');
    assert.equal(flattened(`<table><tr><td rowspan="3" colspan="20">a</td>${rows(15, () => '<td>b</td>')}</tr></table>`), 1);
  });

  it('decides each nested table on its own', () => {
    const inner = `<table>${rows(MAX_GRID_ROWS + 1, (i) => `<tr><td>inner ${i}</td><td>x</td></tr>`)}</table>`;
    const html = `<table><tr><td>Left</td><td>${inner}</td></tr></table>`;
    const document = parseDocument(html);
    assert.deepEqual(limitTableLayouts(document), { flattened: 1 });
    const text = sanitizeHtml(html).text;
    assert.match(text, /inner 0 \| x/);
    assert.match(text, /Left/);
  });

  it('leaves every table of the corpus mail (demo, ordinary and hostile) laid out as a grid', async () => {
    let tables = 0;
    for await (const { file, html } of corpusHtmlParts()) {
      tables += (html.match(/<table/gi) ?? []).length;
      assert.equal(limitTableLayouts(parseDocument(html)).flattened, 0, file);
    }
    assert.ok(tables > 20, `${tables} tables`);
  });
});
