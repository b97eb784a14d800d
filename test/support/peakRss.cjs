// Preloaded (node --require) into a child process under test: on exit it writes the process's
// peak resident set size in KB (process.resourceUsage().maxRSS) to the file named by
// ZKOPS_PEAK_RSS_FILE, so a test can bound the memory of a whole CLI run.
const { writeFileSync } = require('node:fs');
const file = process.env.ZKOPS_PEAK_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
