#!/usr/bin/env node
import * as tf from '@tensorflow/tfjs';
import { runCli } from './cli/program';

// PROD silences tfjs's "install tfjs-node" banner (that package cannot be
// installed here, and the fused ops do not need it); set only by the CLI, not
// the library, as it is process-wide.
tf.env().set('PROD', true);
process.exitCode = await runCli(process.argv.slice(2));
