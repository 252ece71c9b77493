/**
 * A small Markdown reader for model cards: headings, paragraphs, lists, tables, fenced code, and
 * inline bold, italics, code and links. It builds a tree that a component renders as elements, so no
 * card text is ever parsed as HTML.
 */
export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'strong'; text: string }
  | { kind: 'em'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'link'; text: string; href: string };

export type Block =
  | { kind: 'heading'; level: number; content: Inline[] }
  | { kind: 'paragraph'; content: Inline[] }
  | { kind: 'list'; ordered: boolean; items: Inline[][] }
  | { kind: 'table'; head: Inline[][]; rows: Inline[][][] }
  | { kind: 'code'; text: string };

const INLINE = /(\*\*[^*]+\*\*|`[^`]+`|\*[^*\s][^*]*\*|_[^_\s][^_]*_|\[[^\]]+\]\([^)\s]+\))/;

export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  for (const part of text.split(INLINE)) {
    if (!part) continue;
    const link = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(part);
    if (link) out.push({ kind: 'link', text: link[1] ?? '', href: link[2] ?? '' });
    else if (part.startsWith('**') && part.endsWith('**') && part.length > 4)
      out.push({ kind: 'strong', text: part.slice(2, -2) });
    else if (part.startsWith('`') && part.endsWith('`') && part.length > 2)
      out.push({ kind: 'code', text: part.slice(1, -1) });
    else if (/^([*_]).+\1$/.test(part)) out.push({ kind: 'em', text: part.slice(1, -1) });
    else out.push({ kind: 'text', text: part });
  }
  return out;
}

const LIST_ITEM = /^\s*(?:([-*+])|(\d+)[.)])\s+(.*)$/;
const cells = (line: string): string[] =>
  line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((cell) => cell.trim());

export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length) blocks.push({ kind: 'paragraph', content: parseInline(paragraph.join(' ')) });
    paragraph = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    const item = LIST_ITEM.exec(line);
    if (!line.trim()) {
      flush();
    } else if (line.startsWith('```')) {
      flush();
      const code: string[] = [];
      while (i + 1 < lines.length && !(lines[i + 1] ?? '').startsWith('```')) code.push(lines[++i] ?? '');
      i++;
      blocks.push({ kind: 'code', text: code.join('\n') });
    } else if (heading) {
      flush();
      blocks.push({
        kind: 'heading',
        level: heading[1]?.length ?? 1,
        content: parseInline(heading[2] ?? ''),
      });
    } else if (line.trim().startsWith('|') && /^\s*\|?[\s:|-]+\|?\s*$/.test(lines[i + 1] ?? '')) {
      flush();
      const head = cells(line).map(parseInline);
      const rows: Inline[][][] = [];
      i++;
      while (i + 1 < lines.length && (lines[i + 1] ?? '').trim().startsWith('|'))
        rows.push(cells(lines[++i] ?? '').map(parseInline));
      blocks.push({ kind: 'table', head, rows });
    } else if (item) {
      flush();
      const ordered = item[2] !== undefined;
      const items = [item[3] ?? ''];
      // Further items, and indented lines that continue the last one.
      while (i + 1 < lines.length) {
        const next = lines[i + 1] ?? '';
        const more = LIST_ITEM.exec(next);
        if (more && (more[2] !== undefined) === ordered) items.push(more[3] ?? '');
        else if (/^\s+\S/.test(next)) items[items.length - 1] += ` ${next.trim()}`;
        else break;
        i++;
      }
      blocks.push({ kind: 'list', ordered, items: items.map(parseInline) });
    } else {
      paragraph.push(line.trim());
    }
  }
  flush();
  return blocks;
}
