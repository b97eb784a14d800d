import type { Finding, Fix, Severity } from './findings';
import type { Entry } from './parser';
import type { KeySpec, Unit } from './schema';
import { parseJavaInt } from './serverLine';
import { suggest } from './suggest';

/** Multipliers from a written unit to the unit a key counts in. */
const UNIT_FACTORS: Readonly<Record<Unit, Readonly<Record<string, number>>>> = {
  ms: { ms: 1, s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000 },
  s: { s: 1, sec: 1, m: 60, min: 60, h: 3600 },
  hours: { h: 1, hr: 1, hours: 1, d: 24, day: 24, days: 24 },
  KB: { k: 1, kb: 1, kib: 1, m: 1024, mb: 1024, mib: 1024, g: 1_048_576, gb: 1_048_576, gib: 1_048_576 },
  bytes: { b: 1, k: 1024, kb: 1024, kib: 1024, m: 1_048_576, mb: 1_048_576, mib: 1_048_576, g: 1_073_741_824, gb: 1_073_741_824 },
  ticks: {},
  count: { k: 1000, m: 1_000_000 },
};

const UNIT_WORDS: Readonly<Record<Unit, string>> = {
  ms: 'milliseconds',
  s: 'seconds',
  hours: 'hours',
  KB: 'kilobytes',
  bytes: 'bytes',
  ticks: 'ticks',
  count: 'a count',
};

function replaceValue(entry: Entry, newText: string, title: string, preferred = true): Fix {
  return { title, edits: [{ range: entry.valueRange, newText }], preferred };
}

/** "64M", "2s", "100,000": a number ZooKeeper cannot parse but whose meaning is clear. */
function unitFix(entry: Entry, unit: Unit | undefined): { value: number; fix: Fix } | undefined {
  const plain = entry.value.replace(/[_,]/g, '');
  if (plain !== entry.value && /^\d+$/.test(plain)) {
    return { value: Number(plain), fix: replaceValue(entry, plain, `Write ${plain}`) };
  }
  const m = /^(\d+(?:\.\d+)?)\s*([a-zA-Z]+)$/.exec(entry.value);
  if (!m || !unit) return undefined;
  const factor = UNIT_FACTORS[unit][m[2]!.toLowerCase()];
  if (factor === undefined) return undefined;
  const value = Math.round(Number(m[1]) * factor);
  return { value, fix: replaceValue(entry, String(value), `Write ${value} (${UNIT_WORDS[unit]})`) };
}

const HOSTNAME =
  /^(?=.{1,253}\.?$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?$/;

/** Why `text` is not a host name or IP address, or undefined when it is one. */
export function addressProblem(text: string): string | undefined {
  if (!text) return 'the address is empty';
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  if (bare.includes(':')) {
    if (/^[0-9a-fA-F:.]+(%\w+)?$/.test(bare) && bare.split(':').length >= 3) return undefined;
    const hostPort = /^(.+):(\d+)$/.exec(text);
    if (hostPort) return `an address without a port is expected; the port has a key of its own`;
    return `"${text}" is not a host name or IP address`;
  }
  if (/^[\d.]+$/.test(bare)) {
    const octets = bare.split('.');
    if (octets.length !== 4 || octets.some((o) => o === '' || Number(o) > 255)) return `"${text}" is not a valid IPv4 address`;
    return undefined;
  }
  return HOSTNAME.test(bare) ? undefined : `"${text}" is not a valid host name`;
}

/**
 * Checks one value against its key's type and range. `severityOfBad` is error for keys ZooKeeper
 * parses itself (it refuses to start) and for system properties alike: either way the setting is
 * not what was written.
 */
export function checkValue(spec: KeySpec, entry: Entry): Finding[] {
  const out: Finding[] = [];
  const v = entry.value;
  const name = entry.key;
  const bad = (message: string, fixes: Fix[] = [], severity: Severity = 'error', rule = 'invalid-value'): void => {
    out.push({
      rule,
      severity,
      message,
      range: entry.valueRange.start.line === entry.valueRange.end.line && v ? entry.valueRange : entry.keyRange,
      fixes,
    });
  };
  const comment = /\s[#!]/.exec(v);
  if (comment && spec.type !== 'string') {
    const kept = v.slice(0, comment.index).trimEnd();
    out.push({
      rule: 'inline-comment',
      severity: 'error',
      message: `"${v.slice(comment.index + 1)}" is part of the value: a comment must be on a line of its own`,
      range: entry.valueRange,
      fixes: [replaceValue(entry, kept, 'Remove the trailing comment')],
    });
    return out;
  }
  if (spec.type !== 'path' && strayEscape(entry.rawValue, 'ntrfu=:#! ')) {
    out.push({
      rule: 'backslash',
      severity: 'warning',
      message: 'a backslash starts an escape in this file and is dropped; write \\\\ for a literal backslash',
      range: entry.valueRange,
    });
  }
  if (!v) {
    if (['string', 'list', 'enum'].includes(spec.type) && (spec.type !== 'enum' || spec.values?.includes(''))) return out;
    bad(`${name} has no value`);
    return out;
  }
  switch (spec.type) {
    case 'int':
    case 'port': {
      const n = parseJavaInt(v);
      if (n === undefined) {
        const guess = unitFix(entry, spec.unit);
        const unit = spec.unit ? ` of ${UNIT_WORDS[spec.unit]}` : '';
        bad(
          guess
            ? `"${v}" is not a plain number: ZooKeeper wants a number${unit}, here ${guess.value}`
            : `"${v}" is not a whole number${unit}`,
          guess ? [guess.fix] : [],
        );
        break;
      }
      out.push(...checkRange(spec, entry, n));
      break;
    }
    case 'float':
      if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v)) bad(`"${v}" is not a number`);
      else out.push(...checkRange(spec, entry, Number(v)));
      break;
    case 'boolean':
      if (!/^(true|false)$/i.test(v)) {
        const meant = /^(yes|on|1|enabled?)$/i.test(v) ? 'true' : /^(no|off|0|disabled?)$/i.test(v) ? 'false' : undefined;
        const effect = spec.strict ? 'ZooKeeper refuses to start' : 'ZooKeeper reads it as false';
        bad(`"${v}" is not true or false; ${effect}`, meant ? [replaceValue(entry, meant, `Write ${meant}`)] : []);
      }
      break;
    case 'yesno':
      out.push(...checkYesNo(spec, entry));
      break;
    case 'enum': {
      const values = spec.values ?? [];
      const ok = spec.caseInsensitive ? values.some((x) => x.toLowerCase() === v.toLowerCase()) : values.includes(v);
      if (!ok) {
        const near = suggest(
          v,
          values.filter((x) => x),
        );
        bad(
          `"${v}" is not one of ${values.map((x) => (x ? x : '""')).join(', ')}`,
          near.map((x, i) => replaceValue(entry, x, `Change to ${x}`, i === 0)),
        );
      }
      break;
    }
    case 'address': {
      const problem = addressProblem(v);
      if (problem) {
        const hostOnly = /^(.+):(\d+)$/.exec(v);
        bad(problem, hostOnly && !hostOnly[1]!.includes(':') ? [replaceValue(entry, hostOnly[1]!, 'Drop the port')] : []);
      }
      break;
    }
    case 'path':
      out.push(...checkPath(entry));
      break;
    case 'class':
      if (!/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(v)) bad(`"${v}" is not a Java class name`, [], 'warning');
      break;
    default:
      break;
  }
  return out;
}

/**
 * True when the written value has a backslash escape other than \\\\ (a literal backslash), a line
 * continuation, or one of the `allowed` escape letters: such a backslash silently disappears.
 */
function strayEscape(raw: string, allowed: string): boolean {
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] !== '\\') continue;
    const next = raw[i + 1];
    if (next === undefined || next === '\n') continue;
    if (next !== '\\' && !allowed.includes(next)) return true;
    i++;
  }
  return false;
}

function checkRange(spec: KeySpec, entry: Entry, n: number): Finding[] {
  const min = spec.type === 'port' ? (spec.key === 'clientPort' || spec.key === 'secureClientPort' ? 0 : 1) : spec.min;
  const max = spec.type === 'port' ? 65535 : spec.max;
  const unit = spec.unit && spec.unit !== 'count' ? ` ${spec.unit}` : '';
  // Ports outside the TCP range and non-positive basic timings stop the server; others misbehave.
  const severity: Severity = spec.type === 'port' || spec.source === 'config' ? 'error' : 'warning';
  if (min !== undefined && n < min) {
    return [
      {
        rule: 'out-of-range',
        severity,
        message: `${entry.key} is ${n}${unit}; the smallest sensible value is ${min}${unit}`,
        range: entry.valueRange,
      },
    ];
  }
  if (max !== undefined && n > max) {
    return [
      {
        rule: 'out-of-range',
        severity,
        message: `${entry.key} is ${n}${unit}; the largest allowed value is ${max}${unit}`,
        range: entry.valueRange,
      },
    ];
  }
  return [];
}

/** skipACL, forceSync and leaderServes compare the text with "yes" or "no", case-sensitively. */
function checkYesNo(spec: KeySpec, entry: Entry): Finding[] {
  const v = entry.value;
  if (v === 'yes' || v === 'no') return [];
  const meant = /^(yes|true|on|1|enabled?)$/i.test(v) ? 'yes' : /^(no|false|off|0|disabled?)$/i.test(v) ? 'no' : undefined;
  // Only the non-default word changes anything; every other text leaves the default.
  const switchWord = spec.default === 'yes' ? 'no' : 'yes';
  const effect = `ZooKeeper only acts on the exact text "${switchWord}", so this leaves ${entry.key} at ${spec.default}`;
  const changes = meant === switchWord;
  return [
    {
      rule: 'yes-no',
      severity: changes ? 'error' : 'warning',
      message: `"${v}" is not yes or no: ${effect}`,
      range: entry.valueRange,
      fixes: meant ? [replaceValue(entry, meant, `Write ${meant}`)] : [],
    },
  ];
}

function checkPath(entry: Entry): Finding[] {
  const v = entry.value;
  const out: Finding[] = [];
  if (entry.firstLine === entry.lastLine && strayEscape(entry.rawValue, '')) {
    const fixed = entry.rawValue
      .replace(/\\\\/g, '\u0000')
      .replace(/\\/g, '/')
      .replace(/\u0000/g, '/');
    out.push({
      rule: 'backslash',
      severity: 'error',
      message: `backslashes are escapes in this file: ZooKeeper reads this path as "${v}"; use / instead`,
      range: entry.valueRange,
      fixes: [replaceValue(entry, fixed, 'Use forward slashes')],
    });
    return out;
  }
  if (v.startsWith('~')) {
    out.push({
      rule: 'relative-path',
      severity: 'warning',
      message: '~ is not expanded: this names a directory called "~" under the working directory',
      range: entry.valueRange,
    });
  } else if (!v.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(v)) {
    out.push({
      rule: 'relative-path',
      severity: 'warning',
      message: `"${v}" is relative to the directory the server is started from; use an absolute path`,
      range: entry.valueRange,
    });
  }
  return out;
}
