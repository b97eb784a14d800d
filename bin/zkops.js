#!/usr/bin/env node
// The `zkops` command: a thin launcher for the bundled CLI.
require('../dist/cli.js').main();
