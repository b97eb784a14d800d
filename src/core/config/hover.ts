import { keyMarkdown } from './docs';
import type { ConfigModel } from './model';
import type { Entry } from './parser';
import { FOUR_LETTER_WORDS, KeySpec, lookupKey } from './schema';
import type { ServerLine } from './serverLine';
import { Position, Range, contains } from './text';

export interface HoverInfo {
  /** Markdown. */
  readonly contents: string;
  readonly range: Range;
}

function duration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120_000) return `${+(ms / 1000).toFixed(2)} s`;
  if (ms < 7_200_000) return `${+(ms / 60_000).toFixed(1)} min`;
  return `${+(ms / 3_600_000).toFixed(1)} h`;
}

function bytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1_048_576) return `${+(n / 1024).toFixed(1)} KiB`;
  if (n < 1_073_741_824) return `${+(n / 1_048_576).toFixed(1)} MiB`;
  return `${+(n / 1_073_741_824).toFixed(2)} GiB`;
}

/** What a number means in everyday units, e.g. "10 ticks = 20 s". */
function meaning(model: ConfigModel, spec: KeySpec, entry: Entry): string | undefined {
  if (!/^[+-]?\d+$/.test(entry.value)) return undefined;
  const n = Number(entry.value);
  switch (spec.unit) {
    case 'ticks':
      return `${n} ticks × ${model.tickTime} ms = ${duration(n * model.tickTime)}`;
    case 'ms':
      return n >= 1000 ? `${n} ms = ${duration(n)}` : undefined;
    case 'KB':
      return n > 0 ? `${n} KB = ${bytes(n * 1024)}` : undefined;
    case 'bytes':
      return n >= 1024 ? `${n} bytes = ${bytes(n)}` : undefined;
    case 'hours':
      return n === 0 ? 'off' : `every ${n} hour${n === 1 ? '' : 's'}`;
    default:
      return undefined;
  }
}

function serverMarkdown(server: ServerLine): string {
  const lines = [`**server.${server.idText}** — ${server.role === 'observer' ? 'observer (does not vote)' : 'voting participant'}`, ''];
  for (const a of server.addresses) {
    lines.push(`- host \`${a.host}\`: quorum port ${a.quorumPort ?? '?'}, election port ${a.electionPort ?? '?'}`);
  }
  if (server.clientPort !== undefined) lines.push(`- clients: \`${server.clientHost ?? '0.0.0.0'}:${server.clientPort}\``);
  else lines.push("- no client address on this line (clientPort of that server's zoo.cfg applies)");
  lines.push('', `The file \`myid\` in server ${server.idText}'s dataDir must contain \`${server.idText}\`.`);
  return lines.join('\n');
}

/** Hover documentation for the key or value under the cursor. */
export function hoverAt(model: ConfigModel, at: Position): HoverInfo | undefined {
  const entry = model.entries.find((e) => contains(e.range, at));
  if (!entry) return undefined;
  const match = lookupKey(entry.key);
  if (contains(entry.keyRange, at)) {
    switch (match.kind) {
      case 'exact':
      case 'pattern':
        return { contents: keyMarkdown(match.spec), range: entry.keyRange };
      case 'docName':
      case 'prefixed':
      case 'case':
        return { contents: `Write this as \`${match.spec.key}\` in zoo.cfg.\n\n${keyMarkdown(match.spec)}`, range: entry.keyRange };
      default:
        return {
          contents: `\`${entry.key}\` is not a ZooKeeper setting; ZooKeeper passes it on as the system property \`zookeeper.${entry.key}\`.`,
          range: entry.keyRange,
        };
    }
  }
  if (!contains(entry.valueRange, at)) return undefined;
  if (entry.key.startsWith('server.')) {
    const server = model.servers.find((s) => s.entry === entry);
    return server ? { contents: serverMarkdown(server), range: entry.valueRange } : undefined;
  }
  if (match.kind !== 'exact') return undefined;
  if (match.spec.type === 'fourLetterWords') {
    const words = entry.value
      .split(',')
      .map((w) => w.trim())
      .filter((w) => w);
    const rows = words.map((w) => `- \`${w}\`: ${w === '*' ? 'every word' : (FOUR_LETTER_WORDS[w] ?? 'not a known word')}`);
    if (!words.includes('srvr') && !words.includes('*')) rows.push('- `srvr` is always allowed');
    return { contents: rows.join('\n'), range: entry.valueRange };
  }
  const note = meaning(model, match.spec, entry);
  return note ? { contents: `\`${entry.key}\`: ${note}`, range: entry.valueRange } : undefined;
}
