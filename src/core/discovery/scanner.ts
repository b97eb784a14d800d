import { scanEnvFile } from './envFiles';
import { Draft, finish } from './found';
import { scanProperties } from './properties';
import type { FoundConnectString } from './types';
import { scanXml } from './xmlFiles';
import { scanYaml } from './yamlFiles';
import { scanZooCfg } from './zooCfg';

type Reader = 'zoo.cfg' | 'properties' | 'yaml' | 'xml' | 'env';

const baseName = (file: string): string => file.split(/[\\/]/).pop() ?? file;

/** Which reader a file name calls for; undefined for files that never name an ensemble. */
export function readerFor(file: string): Reader | undefined {
  const name = baseName(file);
  const lower = name.toLowerCase();
  if (/^zoo.*\.cfg$/.test(lower) || lower.endsWith('.zoo.cfg') || /\.cfg\.dynamic(\.[^.]*)?$/.test(lower)) return 'zoo.cfg';
  if (lower.endsWith('.properties')) return 'properties';
  if (lower.endsWith('.yml') || lower.endsWith('.yaml')) return 'yaml';
  if (lower.endsWith('.xml')) return 'xml';
  if (lower === '.env' || lower.startsWith('.env.') || lower.endsWith('.env') || lower === 'solr.in.sh') return 'env';
  return undefined;
}

/** True for file names worth reading at all (the cheap filter before any I/O). */
export function isCandidate(file: string): boolean {
  return readerFor(file) !== undefined;
}

/** The same file names as one glob, for the editor's file search (`workspace.findFiles`). */
export const CANDIDATE_GLOB =
  '**/{zoo*.cfg,*.zoo.cfg,*.cfg.dynamic,*.cfg.dynamic.*,*.properties,*.yml,*.yaml,*.xml,.env,.env.*,*.env,solr.in.sh}';

/**
 * Words one of which every file naming an ensemble contains; a file without any is not parsed.
 * This keeps a scan of thousands of pom.xml and application.yml files cheap.
 */
const MENTIONS = /zookeeper|zkhost|zk_host|zoo_servers|server\.\d/i;

/**
 * Every connect string one file names, in file order by source. Never throws: a file it cannot
 * read yields nothing, and a malformed string comes back with the validator's message.
 */
export function scanFile(file: string, text: string): FoundConnectString[] {
  const reader = readerFor(file);
  if (!reader || !MENTIONS.test(text)) return [];
  let drafts: Draft[];
  try {
    drafts = read(reader, file, text);
  } catch {
    return []; // a parser's internal failure on a hostile file must not stop the scan
  }
  return drafts
    .map((d) => finish(file, d))
    .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

function read(reader: Reader, file: string, text: string): Draft[] {
  switch (reader) {
    case 'zoo.cfg':
      return scanZooCfg(file, text);
    case 'properties':
      return scanProperties(text);
    case 'yaml':
      return scanYaml(text);
    case 'xml':
      return scanXml(text);
    case 'env':
      return scanEnvFile(text, baseName(file).toLowerCase() === 'solr.in.sh' ? 'solr' : 'env');
  }
}

/** Every connect string of several files, in the order the files come. */
export function scanFiles(files: Iterable<{ readonly path: string; readonly text: string }>): FoundConnectString[] {
  const out: FoundConnectString[] = [];
  for (const f of files) out.push(...scanFile(f.path, f.text));
  return out;
}
