import { type ChildNode, type Document, type Element, isTag, isText } from 'domhandler';
import { appendChild, removeElement } from 'domutils';

/**
 * Joins a run of links to one target into one link: mail editors often cut one link into pieces
 * (`<a href=X>http://example.com/page.</a><a href=X>cfm</a>`), and each piece would carry the target again in the
 * text for the model ("http://example.com/page. [http://example.com/page.cfm]cfm"). The person sees one link; the
 * text shows it once, and when its whole text is the target, the target is not repeated at all. Only pieces next
 * to each other (whitespace between them at most) with the very same href and no other attributes that matter
 * are joined; the text a person sees is unchanged.
 */
export function joinLinkRuns(document: Document): void {
  visit(document.children);
}

function visit(nodes: readonly ChildNode[]): void {
  for (const node of [...nodes]) {
    if (!isTag(node)) continue;
    if (node.name === 'a') joinFollowing(node);
    visit(node.children);
  }
}

function joinFollowing(link: Element): void {
  const href = link.attribs.href;
  if (!href) return;
  for (;;) {
    const between: ChildNode[] = [];
    let next = link.next;
    while (next && isText(next) && next.data.trim() === '') {
      between.push(next);
      next = next.next;
    }
    if (!next || !isTag(next) || next.name !== 'a' || next.attribs.href !== href) return;
    const piece = next;
    for (const node of [...between, ...piece.children]) appendChild(link, node);
    removeElement(piece);
  }
}
