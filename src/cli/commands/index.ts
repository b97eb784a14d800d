import type { CliCommand } from '../command';
import { lintCommand } from './lint';
import { probeCommand } from './probe';
import { healthCommand } from './health';
import { topCommand } from './top';
import { sandboxCommand } from './sandbox';
import { diffCommand } from './diff';
import { exportCommand } from './export';
import { getCommand } from './get';
import { importCommand } from './import';
import { lsCommand } from './ls';
import { monitorCommand } from './monitor';
import { rulesCommand } from './rules';
import { rollingRestartCommand } from './rollingRestart';
import { recoverCommand } from './recover';
import { reconfigCommand } from './reconfig';
import { exporterCommand } from './exporter';

/** Every `zkops` subcommand, in the order `zkops help` lists them. */
export const commands: readonly CliCommand[] = [
  sandboxCommand,
  probeCommand,
  healthCommand,
  topCommand,
  monitorCommand,
  rulesCommand,
  exporterCommand,
  rollingRestartCommand,
  recoverCommand,
  reconfigCommand,
  lintCommand,
  lsCommand,
  getCommand,
  exportCommand,
  importCommand,
  diffCommand,
];
