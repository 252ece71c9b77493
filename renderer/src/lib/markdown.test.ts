import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdown } from './markdown.js';

describe('model card Markdown', () => {
  it('reads inline bold, italics, code and links, leaving other text as it is', () => {
    expect(parseInline('**Status:** done, `npx anp` and *soft* [card](MODEL_CARD.md) <b>x</b>')).toEqual([
      { kind: 'strong', text: 'Status:' },
      { kind: 'text', text: ' done, ' },
      { kind: 'code', text: 'npx anp' },
      { kind: 'text', text: ' and ' },
      { kind: 'em', text: 'soft' },
      { kind: 'text', text: ' ' },
      { kind: 'link', text: 'card', href: 'MODEL_CARD.md' },
      { kind: 'text', text: ' <b>x</b>' },
    ]);
  });

  it('reads headings, paragraphs over several lines, lists with continuations, tables and code', () => {
    const card = [
      '# Photo model',
      '',
      'A stacked ANP',
      'trained on photos.',
      '',
      '- one',
      '  more of one',
      '- two',
      '',
      '| run | steps |',
      '| --- | ---: |',
      '| 1 | 3,062 |',
      '',
      '```',
      'npx anp train',
      '```',
    ].join('\n');
    expect(parseMarkdown(card)).toEqual([
      { kind: 'heading', level: 1, content: [{ kind: 'text', text: 'Photo model' }] },
      { kind: 'paragraph', content: [{ kind: 'text', text: 'A stacked ANP trained on photos.' }] },
      {
        kind: 'list',
        ordered: false,
        items: [[{ kind: 'text', text: 'one more of one' }], [{ kind: 'text', text: 'two' }]],
      },
      {
        kind: 'table',
        head: [[{ kind: 'text', text: 'run' }], [{ kind: 'text', text: 'steps' }]],
        rows: [[[{ kind: 'text', text: '1' }], [{ kind: 'text', text: '3,062' }]]],
      },
      { kind: 'code', text: 'npx anp train' },
    ]);
  });
});
