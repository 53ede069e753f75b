// remark-rehype's stock `listItem` handler asks, for every item, whether the item's whole list is
// loose, and answers by walking the list's items until it meets a loose one: a tight list of n
// items costs n² steps (a `watch` timeline of 80,000 items took over a minute). Here each list's
// looseness is computed once, and the stock handler is given a stand-in parent that carries just
// that answer, so the HTML stays the stock handler's (tested against it).
import type { ListItem, Parents } from 'mdast';
import { defaultHandlers, type Options } from 'remark-rehype';

type Handler = NonNullable<NonNullable<Options['handlers']>['listItem']>;

const stock = defaultHandlers.listItem;
const looseness = new WeakMap<Parents, boolean>();

// mdast-util-to-hast's own rule: an item with no `spread` is loose when it has several children.
const itemLoose = (item: ListItem): boolean => item.spread ?? item.children.length > 1;

export const listItem: Handler = (state, node, parent) => {
  if (parent?.type !== 'list') return stock(state, node, parent);
  let loose = looseness.get(parent);
  if (loose === undefined) {
    loose = Boolean(parent.spread) || parent.children.some(itemLoose);
    looseness.set(parent, loose);
  }
  return stock(state, node, { type: 'list', spread: loose, children: [] });
};
