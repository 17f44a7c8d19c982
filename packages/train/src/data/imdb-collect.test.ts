import { describe, expect, it } from 'vitest';
import { evenSubset, ReviewCollector } from './imdb-collect';
import { locateReview } from './imdb-review';

function add(collector: ReviewCollector, path: string): void {
  collector.add(locateReview(path, path)!, `text of ${path}`, path);
}

describe('ReviewCollector', () => {
  it('returns each split sorted by label then id, whatever the order of arrival', () => {
    const collector = new ReviewCollector('src');
    for (const path of [
      'aclImdb/train/pos/10_9.txt',
      'aclImdb/train/neg/2_1.txt',
      'aclImdb/train/pos/9_7.txt',
      'aclImdb/train/neg/11_4.txt',
    ]) {
      add(collector, path);
    }
    const { train, test } = collector.finish(['train']);
    expect(train.map((r) => r.path)).toEqual([
      'aclImdb/train/neg/2_1.txt',
      'aclImdb/train/neg/11_4.txt',
      'aclImdb/train/pos/9_7.txt',
      'aclImdb/train/pos/10_9.txt',
    ]);
    expect(train[0]).toEqual({
      id: 2,
      rating: 1,
      label: 0,
      text: 'text of aclImdb/train/neg/2_1.txt',
      path: 'aclImdb/train/neg/2_1.txt',
    });
    expect(test).toEqual([]);
  });

  it('rejects two reviews with one id in the same split and label', () => {
    const collector = new ReviewCollector('src');
    add(collector, 'aclImdb/train/pos/1_9.txt');
    expect(() => add(collector, 'aclImdb/train/pos/1_8.txt')).toThrow(
      'aclImdb/train/pos/1_8.txt: a second review with id 1 in train/pos',
    );
  });

  it('reports a requested split with no reviews', () => {
    const collector = new ReviewCollector('data.tar.gz');
    add(collector, 'aclImdb/train/pos/1_9.txt');
    add(collector, 'aclImdb/train/neg/1_2.txt');
    expect(() => collector.finish(['train', 'test'])).toThrow(
      /^data\.tar\.gz: no test split: nothing under aclImdb\/test\/pos\/ or aclImdb\/test\/neg\/$/,
    );
  });

  it('reports a split whose labels do not balance', () => {
    const collector = new ReviewCollector('data.tar.gz');
    add(collector, 'aclImdb/test/pos/1_9.txt');
    add(collector, 'aclImdb/test/pos/2_9.txt');
    add(collector, 'aclImdb/test/neg/1_2.txt');
    expect(() => collector.finish(['test'])).toThrow(
      /data\.tar\.gz: the test split has 2 positive and 1 negative reviews/,
    );
  });
});

describe('evenSubset', () => {
  it('spreads the picks over the whole list, first item included', () => {
    expect(evenSubset([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 4)).toEqual([0, 2, 5, 7]);
  });

  it('returns everything when the limit is absent or not smaller than the list', () => {
    expect(evenSubset([1, 2, 3])).toEqual([1, 2, 3]);
    expect(evenSubset([1, 2, 3], 5)).toEqual([1, 2, 3]);
  });
});
