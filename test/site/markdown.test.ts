import { describe, expect, it } from 'vitest';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkRehype from 'remark-rehype';
import rehypeSanitize from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import { parseDocument } from '../../src/doc/parse.js';
import { MAY_AUTOLINK, processorFor, renderBody, renderInline } from '../../src/site/markdown.js';
// @ts-expect-error plain ESM module without types
import { incident } from '../../bench/generate.mjs';
import { SEED } from './fixtures.js';

const full = unified().use(remarkParse).use(remarkGfm).use(remarkRehype).use(rehypeSanitize).use(rehypeStringify);

describe('renderBody', () => {
  const doc = parseDocument(SEED, '/x/2026-03-14-blog-inode-quota/postmortem.md');
  const body = renderBody(doc);

  it('drops the leading H1 (the page shows the title) and anchors the sections', () => {
    expect(body.html).not.toContain('<h1');
    expect(body.toc.map((t) => t.text)).toEqual(['TL;DR', 'Timeline', 'Hypotheses', 'Root cause', 'Prevention', 'Evidence']);
    expect(body.html).toContain('<h2 id="s-tl-dr">TL;DR</h2>');
  });

  it('numbers repeated headings apart, also when a number collides with another heading', () => {
    const src = '## Update 2\n\n## Update\n\n## Update\n\n### Update 2\n\n## Update\n';
    expect(renderBody(parseDocument(src, 'x.md')).toc.map((t) => t.id)).toEqual(['s-update-2', 's-update', 's-update-3', 's-update-2-2', 's-update-4']);
  });

  it('marks the timeline list and drops the dash after each stamp', () => {
    expect(body.html).toContain('<ul class="timeline">');
    expect(body.html).toContain('<li><strong>2026-03-14 09:12 +01:00</strong> Uptime alarm: blog unreachable.</li>');
  });

  it('marks hypotheses by their status from the model', () => {
    expect(body.html).toMatch(/<li class="hyp-rejected"><strong>H1<\/strong> rejected/);
    expect(body.html).toMatch(/<li class="hyp-confirmed"><strong>H2<\/strong> confirmed/);
  });

  it('gives plain text per section for summaries and categories', () => {
    expect(body.sectionText.tldr).toBe("The object cache filled the container's inode quota of 3,000,000.");
    expect(body.sectionText['root-cause']).toContain('inode quota ran out');
    expect(body.text).toContain('Uptime alarm');
  });

  it('renders exactly what unified with remark-gfm renders (before our decorations)', () => {
    const plain = (html: string) => html.replace(/ (id|class|aria-label)="[^"]*"/g, '').replace(/<div>|<\/div>|<span>done<\/span>/g, '');
    const body = SEED.slice(SEED.indexOf('\n---\n', 3) + 5);
    const expected = plain(String(full.processSync(body))).replace(/<h1>[^<]*<\/h1>\n?/, '').replace(/<strong>([^<]*)<\/strong> — /g, '<strong>$1</strong> ');
    expect(plain(renderBody(parseDocument(SEED, 'x.md')).html).trim()).toBe(expected.trim());
  });
});

describe('processorFor: GFM without literal autolinks when none can occur', () => {
  it('detects anything that could become a literal autolink', () => {
    for (const s of ['see www.example.org', 'https://x.y', 'HTTP://X.Y', 'mail ops@example.org', 'mailto:x', '[a](http://b)'])
      expect(MAY_AUTOLINK.test(s), s).toBe(true);
    for (const s of ['owner: @ops', 'plain text', '| a | b |', '- [ ] task', '~~gone~~', 'email at'])
      expect(MAY_AUTOLINK.test(s), s).toBe(false);
  });

  it('uses the lighter processor only without triggers, with output identical to full remark-gfm', () => {
    const samples: string[] = [
      ...Array.from({ length: 150 }, (_, i) => {
        const src = incident(i).files['postmortem.md'] as string;
        return src.slice(src.indexOf('\n---\n', 3) + 5);
      }),
      '| a | b |\n|---|--:|\n| 1 | 2 |\n\n~~struck~~ ~one~\n\n- [ ] open\n- [x] done\n\nText[^1].\n\n[^1]: A note.\n\nowner: @ops, due: 2026-04-01\n',
      '> quote with `code` and **bold**\n\n```sh\nwww.example.org inside code\n```\n',
    ];
    let lite = 0;
    for (const s of samples) {
      const p = processorFor(s);
      if (p !== processorFor('https://x')) lite++;
      expect(String(p.processSync(s))).toBe(String(full.processSync(s)));
    }
    expect(lite).toBeGreaterThan(50); // most generated documents have no link
    expect(lite).toBeLessThan(samples.length); // and the rest went through the full set
    // A document with a link does get it linked.
    expect(String(processorFor('see https://example.org').processSync('see https://example.org'))).toContain('<a href="https://example.org">');
  });
});

describe('for readers', () => {
  const render = (body: string) => renderBody(parseDocument(`---\ntitle: x\n---\n\n${body}`, '/x/i/postmortem.md')).html;

  it('turns a remote image (blocked by the CSP) into a link to it, with the alt text', () => {
    const html = render('![inode graph](https://grafana.example.org/x.png) ![](//cdn.example.org/y.png) ![local](evidence/z.png)\n\n[![badge](http://ci.example.org/b.svg)](https://ci.example.org)\n');
    expect(html).toContain('<a href="https://grafana.example.org/x.png" class="remote-image">inode graph</a>');
    expect(html).toContain('<a href="//cdn.example.org/y.png" class="remote-image">image</a>');
    expect(html).toContain('<img src="evidence/z.png" alt="local">'); // local images are published and allowed
    expect(html).toContain('<a href="https://ci.example.org">badge</a>'); // no link inside a link
    expect(html).not.toMatch(/<img[^>]+src="(https?:)?\/\//);
  });

  it('says a done task is done in words and names every task checkbox', () => {
    const html = render('## Prevention\n\n- [x] Switch the cache off\n- [ ] Alert at 80 %\n');
    expect(html).toContain('<li class="task-list-item task-done"><input type="checkbox" checked disabled aria-label="done"><span class="done-label">done</span> Switch the cache off</li>');
    expect(html).toContain('<li class="task-list-item"><input type="checkbox" disabled aria-label="open"> Alert at 80 %</li>');
  });

  it('renders an action text as inline Markdown, sanitised', () => {
    expect(renderInline('Run `snapshot --fail-on warning` from **cron**')).toBe('Run <code>snapshot --fail-on warning</code> from <strong>cron</strong>');
    expect(renderInline('Alert at 80 % (owner said so)')).toBe('Alert at 80 % (owner said so)');
    expect(renderInline('See [the runbook](https://wiki.example.org/r) <img src=x onerror=alert(1)>')).toBe('See <a href="https://wiki.example.org/r">the runbook</a> ');
    expect(renderInline('[x](javascript:alert(1)) & <b>')).not.toMatch(/javascript:|<b>/);
    expect(renderInline('a < b & "c"')).toBe('a &#x3C; b &#x26; "c"');
    // links written relative to the postmortem still reach the incident's files from another page
    expect(renderInline('see [df](evidence/df.txt), [card](snapshots/s.json), [dump](evidence/private/db.sql), [x](https://x.org)', 'incidents/a%20b/')).toBe(
      'see <a href="incidents/a%20b/evidence/df.txt">df</a>, <a href="incidents/a%20b/index.html#snapshots">card</a>, <span class="private">dump (private)</span>, <a href="https://x.org">x</a>',
    );
  });
});
