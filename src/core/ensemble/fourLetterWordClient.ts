import { FourLetterWordOptions, sendFourLetterWord } from './fourLetterWord';
import { Outcome, Parsed } from './outcome';
import { ServerConf, parseConf } from './parsers/conf';
import { ConnectionList, parseCons } from './parsers/cons';
import { DirsReport, parseDirs } from './parsers/dirs';
import { EnvironmentReport, parseEnvi } from './parsers/environment';
import { MonitorReport, parseMntr } from './parsers/mntr';
import { ServerStats, parseSrvr } from './parsers/srvr';
import { ReadOnlyReport, RuokReport, parseIsro, parseRuok } from './parsers/status';
import { WatchSummary, parseWchs } from './parsers/watches';

/** The typed value of each four-letter word this client understands. */
export interface FourLetterWordValues {
  srvr: ServerStats;
  stat: ServerStats;
  mntr: MonitorReport;
  conf: ServerConf;
  cons: ConnectionList;
  wchs: WatchSummary;
  ruok: RuokReport;
  isro: ReadOnlyReport;
  envi: EnvironmentReport;
  dirs: DirsReport;
}

export type FourLetterWord = keyof FourLetterWordValues;

/** One parser per word; none throws, none is given unbounded input (the transport caps it). */
export const FOUR_LETTER_WORD_PARSERS: { readonly [W in FourLetterWord]: (text: string) => Parsed<FourLetterWordValues[W]> } = {
  srvr: parseSrvr,
  stat: parseSrvr,
  mntr: parseMntr,
  conf: parseConf,
  cons: parseCons,
  wchs: parseWchs,
  ruok: parseRuok,
  isro: parseIsro,
  envi: parseEnvi,
  dirs: parseDirs,
};

/** Parses a reply already in hand (e.g. a fixture) the way `askFourLetterWord` would. */
export function parseFourLetterWord<W extends FourLetterWord>(word: W, text: string): Parsed<FourLetterWordValues[W]> {
  const parse = FOUR_LETTER_WORD_PARSERS[word] as (text: string) => Parsed<FourLetterWordValues[W]>;
  return parse(text);
}

/**
 * Sends `word` and parses the reply into its typed value. Never rejects. "Not in the whitelist"
 * and "not currently serving requests" come back as their own statuses, never as a value.
 */
export async function askFourLetterWord<W extends FourLetterWord>(
  host: string,
  port: number,
  word: W,
  options: FourLetterWordOptions = {},
): Promise<Outcome<FourLetterWordValues[W]>> {
  const reply = await sendFourLetterWord(host, port, word, options);
  if (!reply.ok) {
    const { ok: _ok, elapsedMs, ...failure } = reply;
    return { status: 'failed', failure, elapsedMs };
  }
  return { ...parseFourLetterWord(word, reply.text), elapsedMs: reply.elapsedMs };
}

/** `mntr` parsing only the `keep` keys (the health poller's cheaper path); otherwise as askFourLetterWord. */
export async function askMntr(
  host: string,
  port: number,
  keep: ReadonlySet<string>,
  options: FourLetterWordOptions = {},
): Promise<Outcome<MonitorReport>> {
  const reply = await sendFourLetterWord(host, port, 'mntr', options);
  if (!reply.ok) {
    const { ok: _ok, elapsedMs, ...failure } = reply;
    return { status: 'failed', failure, elapsedMs };
  }
  return { ...parseMntr(reply.text, keep), elapsedMs: reply.elapsedMs };
}
