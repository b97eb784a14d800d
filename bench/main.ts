import { BenchSuite, formatFigure } from './harness';
import { suites } from './suites';

/** Runs every suite (or those named on the command line) and prints their ratios. */
async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const chosen: BenchSuite[] = wanted.length ? suites.filter((s) => wanted.includes(s.name)) : [...suites];
  console.log(`zkops benchmarks, ${new Date().toISOString()}, node ${process.version}`);
  for (const suite of chosen) {
    console.log(`\n## ${suite.name}`);
    const figures = await suite.run();
    for (const figure of figures) console.log(formatFigure(figure));
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
