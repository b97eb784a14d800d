import { parseConfig } from '../config/parser';
import type { Draft } from './found';
import { draftsFromSettings } from './settings';

/**
 * Java properties files (Kafka's server.properties, Spring's application.properties, Dubbo, Solr):
 * read with the zoo.cfg parser, which reads them the way java.util.Properties does (escapes,
 * continuation lines), and keeps each value's source range.
 */
export function scanProperties(text: string): Draft[] {
  const { entries } = parseConfig(text);
  return draftsFromSettings(entries.map((e) => ({ key: e.key, value: e.value, range: e.valueRange })));
}
