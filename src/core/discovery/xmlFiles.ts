import { XMLParser } from 'fast-xml-parser';
import type { Draft } from './found';
import { LineIndex } from './offsets';
import { Setting, draftsFromSettings } from './settings';

/** One element of fast-xml-parser's ordered output, with its offsets in the source. */
interface Element {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly Element[];
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

type Ordered = Record<string, unknown>;

const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

function toElements(nodes: unknown): Element[] {
  if (!Array.isArray(nodes)) return [];
  const out: Element[] = [];
  for (const node of nodes as Ordered[]) {
    const name = Object.keys(node).find((k) => k !== ':@');
    if (!name || name === '#text' || name.startsWith('?') || name === '#comment') continue;
    const meta = (node as Record<symbol, { startIndex?: number; endIndex?: number } | undefined>)[META];
    const body = node[name];
    const text = Array.isArray(body)
      ? (body as Ordered[])
          .map((c) => (typeof c['#text'] === 'string' || typeof c['#text'] === 'number' ? String(c['#text']) : ''))
          .join('')
      : '';
    const attrs: Record<string, string> = {};
    const rawAttrs = node[':@'];
    if (rawAttrs && typeof rawAttrs === 'object') {
      for (const [k, v] of Object.entries(rawAttrs as Record<string, unknown>)) attrs[k.replace(/^@_/, '')] = String(v);
    }
    out.push({ name, attributes: attrs, children: toElements(body), text, start: meta?.startIndex ?? 0, end: meta?.endIndex ?? 0 });
  }
  return out;
}

/** Offsets of an element's inner text: after its start tag, before its end tag. */
function innerOffsets(source: string, el: Element): [number, number] {
  let i = el.start;
  let quote = '';
  for (; i < el.end; i++) {
    const c = source[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') break;
  }
  const close = source.lastIndexOf('</', el.end);
  return [i + 1, close > i ? close : el.end];
}

const child = (el: Element, name: string): Element | undefined => el.children.find((c) => c.name === name);

/**
 * XML files: Hadoop-style `<property><name>…</name><value>…</value></property>` (hbase-site.xml,
 * core-site.xml), Solr's `<str name="zkHost">`, and ClickHouse's `<zookeeper><node><host>/<port>`
 * (with `<root>` as the chroot). Parsed with fast-xml-parser, whose node metadata gives each
 * element's source offsets; malformed XML yields what the parser could read, never a throw.
 */
export function scanXml(text: string): Draft[] {
  let roots: Element[];
  try {
    const parser = new XMLParser({
      preserveOrder: true,
      captureMetaData: true,
      ignoreAttributes: false,
      parseTagValue: false,
      trimValues: true,
    });
    roots = toElements(parser.parse(text));
  } catch {
    return [];
  }
  const lines = new LineIndex(text);
  const settings: Setting[] = [];
  const drafts: Draft[] = [];
  const inner = (el: Element): [number, number] => innerOffsets(text, el);
  const visit = (el: Element, depth: number): void => {
    // An element left open by a truncated file has no end offset: nothing in it is trusted.
    if (depth > 64 || el.end <= el.start) return;
    if (el.name === 'property') {
      const name = child(el, 'name');
      const value = child(el, 'value');
      if (name && value) settings.push({ key: name.text.trim(), value: value.text.trim(), range: lines.trimmedRange(...inner(value)) });
    } else if (el.name === 'str' && el.attributes['name'] === 'zkHost') {
      settings.push({ key: 'zkHost', value: el.text.trim(), range: lines.trimmedRange(...inner(el)) });
    } else if (el.name === 'zookeeper') {
      const draft = clickHouse(el, lines, inner);
      if (draft) drafts.push(draft);
    }
    for (const c of el.children) visit(c, depth + 1);
  };
  for (const root of roots) visit(root, 0);
  return [...draftsFromSettings(settings), ...drafts];
}

/** ClickHouse's client port when a node gives none (its documented default). */
const CLICKHOUSE_DEFAULT_PORT = '2181';

function clickHouse(el: Element, lines: LineIndex, inner: (el: Element) => [number, number]): Draft | undefined {
  const nodes = el.children.filter((c) => c.name === 'node');
  if (nodes.length === 0) return undefined;
  const hosts = nodes.map((n) => {
    const host = child(n, 'host')?.text.trim() ?? '';
    const port = child(n, 'port')?.text.trim() || CLICKHOUSE_DEFAULT_PORT;
    return `${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`;
  });
  const root = child(el, 'root')?.text.trim() ?? '';
  const chroot = root === '' || root === '/' ? '' : root.startsWith('/') ? root : `/${root}`;
  const firstHost = child(nodes[0]!, 'host');
  const last = nodes[nodes.length - 1]!;
  const start = firstHost ? inner(firstHost)[0] : nodes[0]!.start;
  return { range: lines.range(start, last.end), source: 'clickhouse', key: 'zookeeper.node', connectString: hosts.join(',') + chroot };
}
