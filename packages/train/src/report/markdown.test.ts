import { describe, expect, it } from 'vitest';
import { aggregateRuns } from './aggregate.js';
import { renderMarkdown } from './markdown.js';
import { syntheticResults } from './synthetic-results.js';

describe('renderMarkdown', () => {
  it('has one comparison row per architecture with mean ± std, each seed, bar and pass', () => {
    const results = syntheticResults({ architectures: ['gru'], seeds: [1, 2] });
    const [gru] = results.aggregates;
    const markdown = renderMarkdown(results);
    const row = markdown.split('\n').find((line) => line.startsWith('| GRU | 2 |'))!;
    const each = gru!.testAccuracy.perSeed.map((x) => (x * 100).toFixed(1)).join(', ');
    expect(row).toContain(
      `${(gru!.testAccuracy.mean * 100).toFixed(2)}% ± ${(gru!.testAccuracy.std! * 100).toFixed(2)} pp (${each})`,
    );
    expect(row).toContain('| 86.70% |'); // GRU bar: the PyTorch rerun's 86.7%
    expect(row).toContain(gru!.pass ? '| pass |' : '| **FAIL** |');
    expect(row).toContain(`| ${gru!.secondsPerEpochMean.toFixed(1)} |`);
  });

  it('shows only speed figures measured in the run itself', () => {
    const markdown = renderMarkdown(syntheticResults({ seeds: [1] }));
    const header = markdown.split('\n').find((line) => line.startsWith('| Architecture | Seeds |'));
    expect(header).toBe(
      '| Architecture | Seeds | Test accuracy: mean ± std (each seed) | Bar | Pass | s/epoch | F1 | ROC-AUC |',
    );
    expect(markdown).not.toMatch(/speed-up|PyTorch s\/epoch/i);
  });

  it('has a short-text table: full, first-sentence and 20-token accuracy of the seeds measured', () => {
    const results = syntheticResults({ architectures: ['gru', 'lstm'], seeds: [1, 2] });
    // As after `imdb-rnn report --short-text` when only seed 1's model file was kept:
    delete results.runs.find((r) => r.architecture === 'lstm' && r.seed === 2)!.shortText;
    const markdown = renderMarkdown({ ...results, aggregates: aggregateRuns(results.runs) });
    const lines = markdown.split('\n');
    const [gruRun1, gruRun2, lstmRun1] = results.runs;
    const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
    const mean = (a: number, b: number) => (a + b) / 2;
    expect(lines).toContain(
      `| GRU | all | ${pct(mean(gruRun1!.test!.accuracy, gruRun2!.test!.accuracy))} | ` +
        `${pct(mean(gruRun1!.shortText!.firstSentence, gruRun2!.shortText!.firstSentence))} | ` +
        `${pct(mean(gruRun1!.shortText!.first20Tokens, gruRun2!.shortText!.first20Tokens))} |`,
    );
    expect(lines).toContain(
      `| LSTM | 1 | ${pct(lstmRun1!.test!.accuracy)} | ${pct(lstmRun1!.shortText!.firstSentence)} | ${pct(lstmRun1!.shortText!.first20Tokens)} |`,
    );
  });

  it('states the learning-rate decay, clipping, weight decay, the embedding rate and truncation in the setup line only when set', () => {
    const plain = syntheticResults({ architectures: ['lstm'], seeds: [1] });
    expect(renderMarkdown(plain)).toMatch(
      /Setup: \d+ epochs, batch 64, learning rate [\d.]+, preset/,
    );
    const tuned = syntheticResults({ architectures: ['lstm'], seeds: [1] });
    Object.assign(tuned.runs[0]!.options, {
      learningRate: 0.003,
      learningRateDecay: 0.7,
      clipNorm: 5,
      weightDecay: 1e-5,
      embeddingLearningRateScale: 0.3,
      maxLength: 400,
    });
    expect(renderMarkdown(tuned)).toContain(
      'learning rate 0.003 decaying x0.7 per epoch, gradient norm clipped at 5, L2 weight decay 0.00001, embedding learning rate x0.3, first 400 tokens, preset',
    );
  });

  it('calls out an unstable architecture and a seed that stayed near chance', () => {
    const results = syntheticResults({ architectures: ['rnn'], seeds: [1, 2, 3] });
    results.runs[0]!.test!.accuracy = 0.51;
    results.runs[1]!.test!.accuracy = 0.7;
    results.runs[2]!.test!.accuracy = 0.72;
    const rerun = renderMarkdown({
      ...results,
      aggregates: results.aggregates.map((a) => ({
        ...a,
        testAccuracy: { ...a.testAccuracy, min: 0.51, max: 0.72 },
        pass: false,
      })),
    });
    expect(rerun).toContain(
      'RNN is unstable across seeds: test accuracy ranges 51.00%–72.00% (spread 21.0 pp)',
    );
    expect(rerun).toContain('RNN seed 1 stayed near chance (51.00% test accuracy)');
    expect(rerun).toContain('RNN misses its bar');
    expect(rerun).not.toContain('Every architecture reaches its bar');
  });

  it('claims every bar is reached only when each architecture was compared and passed', () => {
    const results = syntheticResults({ architectures: ['gru', 'lstm'], seeds: [1] });
    for (const a of results.aggregates) a.pass = true;
    expect(renderMarkdown(results)).toContain('- Every architecture reaches its bar');

    const none = renderMarkdown({ ...results, aggregates: [] });
    expect(none).not.toContain('Every architecture reaches its bar');
    expect(none).toContain('- No aggregates: no architecture was compared with its bar.');

    results.aggregates[1]!.pass = false;
    expect(renderMarkdown(results)).not.toContain('Every architecture reaches its bar');
  });

  it('tabulates accuracy by length bucket with per-run counts (mean over seeds)', () => {
    const results = syntheticResults({ architectures: ['lstm'], seeds: [1, 2] });
    const markdown = renderMarkdown(results);
    const pooled = results.aggregates[0]!.byLength![0]!;
    expect(markdown).toContain(`| Architecture | [0, 100) n=${Math.round(pooled.count / 2)} |`);
    expect(markdown).toMatch(/\| LSTM \| \d+\.\d% \|/);
  });
});
