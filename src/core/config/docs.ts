import type { KeySpec } from './schema';

const UNIT_NAMES: Readonly<Record<string, string>> = {
  ms: 'milliseconds',
  s: 'seconds',
  ticks: 'ticks',
  hours: 'hours',
  KB: 'kilobytes',
  bytes: 'bytes',
  count: 'count',
};

/** The type as a reader would say it. */
export function typeLabel(spec: KeySpec): string {
  switch (spec.type) {
    case 'int':
      return spec.unit && spec.unit !== 'count' ? `integer (${UNIT_NAMES[spec.unit]})` : 'integer';
    case 'yesno':
      return 'yes | no';
    case 'boolean':
      return 'true | false';
    case 'enum':
      return (spec.values ?? []).map((v) => (v ? v : '""')).join(' | ');
    case 'fourLetterWords':
      return 'comma-separated four-letter words, or *';
    case 'list':
      return 'comma-separated list';
    case 'class':
      return 'Java class name';
    default:
      return spec.type;
  }
}

/** The default as one phrase, or undefined when there is none worth stating. */
export function defaultLabel(spec: KeySpec): string | undefined {
  if (spec.defaultNote) return spec.defaultNote;
  if (spec.default === undefined) return undefined;
  return spec.default === '' ? '(empty)' : spec.default;
}

/** One-line summary for completion lists. */
export function shortDetail(spec: KeySpec): string {
  const d = defaultLabel(spec);
  return `${typeLabel(spec)}${d ? ` — default ${d}` : ''}`;
}

/** Markdown documentation of a key for hovers and completion. */
export function keyMarkdown(spec: KeySpec): string {
  const lines = [`**${spec.key}**`, '', spec.description, ''];
  const facts: string[] = [`Type: ${typeLabel(spec)}`];
  const d = defaultLabel(spec);
  if (d) facts.push(`Default: ${d}`);
  if (spec.min !== undefined || spec.max !== undefined) facts.push(`Range: ${spec.min ?? '…'} – ${spec.max ?? '…'}`);
  if (spec.since) facts.push(`Since: ZooKeeper ${spec.since}`);
  if (spec.removedIn) facts.push(`Removed in: ${spec.removedIn}`);
  if (spec.deprecated) facts.push(`Deprecated: ${spec.deprecated}`);
  if (spec.source === 'jvm') facts.push(`Set only as JVM option: \`-D${spec.sysProp ?? spec.key}=…\``);
  else if (spec.sysProp) facts.push(`System property: \`${spec.sysProp}\``);
  else if (spec.source === 'config') facts.push('Read from zoo.cfg only');
  if (spec.docName) facts.push(`Called \`${spec.docName}\` in the Administrator's Guide`);
  lines.push(...facts.map((f) => `- ${f}`));
  return lines.join('\n');
}
