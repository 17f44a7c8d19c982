import type { Architecture } from '@imdb-rnn/core';

// The architectures' names are core's ARCHITECTURE_LABELS; their colours are the report's own.

/**
 * One colour per architecture, the same in every chart (Tableau 10, which
 * stays distinguishable for the common colour-vision deficiencies).
 */
export const ARCHITECTURE_COLORS: Readonly<Record<Architecture, string>> = {
  rnn: '#4c78a8',
  gru: '#f58518',
  lstm: '#54a24b',
  bilstm: '#b279a2',
};
