#!/usr/bin/env node
// The `imdb-rnn-classify` executable; `imdb-rnn classify` in @imdb-rnn/train calls runClassifyCommand too.
import { runClassifyCommand } from './cli/classify-command.js';

process.exitCode = await runClassifyCommand(process.argv.slice(2));
