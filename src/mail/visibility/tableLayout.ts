import { type ChildNode, type Document, Element, Text, isTag } from 'domhandler';
import { findAll } from 'domutils';

/**
 * html-to-text lays a data table out on a grid, and that layout is quadratic: it transposes a square of
 * max(rows, columns) slots and re-pads every output line once per column. A table of tens of thousands of
 * rows or columns blocks the extension host (bench H1 has such shapes); one cell with
 * colspan="65534" rowspan="65534" asked for four billion slots and ran the process out of memory, and
 * colspan="Infinity" never ends. Mail from anyone can carry such a table. Receipts, reports and layout tables
 * in real mail have tens of rows and a handful of columns.
 *
 * So, before html-to-text sees the document: every span becomes a whole number within the grid limits (as a
 * browser reads it: not a number, zero or negative means 1), and a table whose grid would still pass the limits
 * is written as rows of cells separated by " | ", which costs linear time and reads as well for the model.
 * The rows and cells are found the way html-to-text's dataTable formatter finds them.
 */

/** Rows a table may span and still be laid out as a grid. */
export const MAX_GRID_ROWS = 200;
/** Columns a table may span and still be laid out as a grid. */
export const MAX_GRID_COLUMNS = 30;

/** Elements between a table and its rows that the dataTable formatter walks through. */
const ROW_GROUPS = new Set(['thead', 'tbody', 'tfoot', 'center']);
const CELLS = new Set(['td', 'th']);

export interface TableLayoutReport {
  /** Tables written as rows of cells instead of a grid. */
  readonly flattened: number;
}

export function limitTableLayouts(document: Document): TableLayoutReport {
  let flattened = 0;
  for (const table of findAll((element) => element.name === 'table', document.children)) {
    wrapStrayCells(table);
    liftCaptions(table);
    const rows = rowsOf(table);
    let gridColumns = 0;
    let carriedColumns = 0;
    let gridRows = rows.length;
    rows.forEach((row, index) => {
      let rowColumns = 0;
      for (const cell of cellsOf(row)) {
        const colspan = clampSpan(cell, 'colspan', MAX_GRID_COLUMNS);
        const rowspan = clampSpan(cell, 'rowspan', MAX_GRID_ROWS);
        rowColumns += colspan;
        // A cell spanning rows also takes columns in the rows below it: count them all, an upper bound.
        if (rowspan > 1) carriedColumns += colspan;
        gridRows = Math.max(gridRows, index + rowspan);
      }
      gridColumns = Math.max(gridColumns, rowColumns);
    });
    if (gridRows > MAX_GRID_ROWS || gridColumns + carriedColumns > MAX_GRID_COLUMNS) {
      flatten(table, rows);
      flattened += 1;
    }
  }
  return { flattened };
}

/**
 * Cells written straight into a table or row group (a "</tr>" too many in hand-written mail) are put in a row of
 * their own, as a browser's parser does; otherwise the table formatter drops their text, which a person sees.
 */
function wrapStrayCells(table: Element): void {
  const visit = (parent: Element): void => {
    const children: ChildNode[] = [];
    let row: Element | undefined;
    let changed = false;
    for (const child of parent.children) {
      if (isTag(child) && CELLS.has(child.name)) {
        if (!row) {
          row = new Element('tr', {});
          row.parent = parent;
          children.push(row);
        }
        child.parent = row;
        row.children.push(child);
        changed = true;
        continue;
      }
      if (isTag(child) && child.name === 'tr') row = undefined;
      if (isTag(child) && ROW_GROUPS.has(child.name)) {
        row = undefined;
        visit(child);
      }
      children.push(child);
    }
    if (!changed) return;
    const relink = (list: ChildNode[]) => list.forEach((c, i) => {
      c.prev = list[i - 1] ?? null;
      c.next = list[i + 1] ?? null;
    });
    for (const c of children) if (isTag(c) && c.name === 'tr') relink(c.children);
    relink(children);
    parent.children = children;
  };
  visit(table);
}

/** A caption is read above its table (the table formatter would drop it): it becomes a block just before the table. */
function liftCaptions(table: Element): void {
  const captions = table.children.filter((c): c is Element => isTag(c) && c.name === 'caption');
  if (captions.length === 0 || !table.parent) return;
  const parent = table.parent;
  table.children = table.children.filter((c) => !captions.includes(c as Element));
  table.children.forEach((c, i) => {
    c.prev = table.children[i - 1] ?? null;
    c.next = table.children[i + 1] ?? null;
  });
  const at = parent.children.indexOf(table);
  for (const caption of captions) {
    caption.name = 'div';
    caption.parent = parent;
  }
  parent.children.splice(at, 0, ...captions);
  parent.children.forEach((c, i) => {
    c.prev = parent.children[i - 1] ?? null;
    c.next = parent.children[i + 1] ?? null;
  });
}

function rowsOf(table: Element): Element[] {
  const rows: Element[] = [];
  const visit = (children: ChildNode[]): void => {
    for (const child of children) {
      if (!isTag(child)) continue;
      if (child.name === 'tr') rows.push(child);
      else if (ROW_GROUPS.has(child.name)) visit(child.children);
    }
  };
  visit(table.children);
  return rows;
}

function cellsOf(row: Element): Element[] {
  return row.children.filter((child): child is Element => isTag(child) && CELLS.has(child.name));
}

/** The span as a whole number in [1, max], written back so that html-to-text reads the same value. */
function clampSpan(cell: Element, attribute: 'colspan' | 'rowspan', max: number): number {
  const raw = cell.attribs[attribute];
  if (raw === undefined) return 1;
  // HTML's rules for non-negative integers: leading digits count, anything else is no value.
  const digits = /^\s*\+?(\d+)/.exec(raw)?.[1];
  const value = digits === undefined ? 1 : Math.min(Math.max(Number(digits.slice(0, 10)), 1), max);
  cell.attribs[attribute] = String(value);
  return value;
}

/** table, row groups and rows become blocks, cells inline with " | " between them; nested tables are left alone. */
function flatten(table: Element, rows: readonly Element[]): void {
  table.name = 'div';
  const renameGroups = (children: ChildNode[]): void => {
    for (const child of children) {
      if (isTag(child) && ROW_GROUPS.has(child.name)) {
        child.name = 'div';
        renameGroups(child.children);
      }
    }
  };
  renameGroups(table.children);
  for (const row of rows) {
    row.name = 'div';
    separateCells(row);
  }
}

/** Renames the row's cells to spans with " | " between them, in one pass over the row (rows can be 50,000 cells wide). */
function separateCells(row: Element): void {
  const children: ChildNode[] = [];
  let cells = 0;
  for (const child of row.children) {
    if (isTag(child) && CELLS.has(child.name)) {
      if (cells++ > 0) children.push(new Text(' | '));
      child.name = 'span';
    }
    children.push(child);
  }
  children.forEach((child, index) => {
    child.parent = row;
    child.prev = children[index - 1] ?? null;
    child.next = children[index + 1] ?? null;
  });
  row.children = children;
}
