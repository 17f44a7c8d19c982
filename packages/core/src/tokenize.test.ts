import { describe, expect, it } from 'vitest';
import { TOKENIZER_VERSION, tokenize } from './tokenize.js';

// Real snippets from the IMDB archive (aclImdb_v1), file named in each case.
const reviewSnippets: readonly { file: string; text: string; tokens: string[] }[] = [
  {
    file: 'train/neg/10000_4.txt',
    text: "Even when the Navy become involved things don't pick up that much",
    tokens: [
      'even',
      'when',
      'the',
      'navy',
      'become',
      'involved',
      'things',
      "don't",
      'pick',
      'up',
      'that',
      'much',
    ],
  },
  {
    file: 'train/neg/10000_4.txt',
    text: 'as they await help with time fast running out...<br /><br />Also known under',
    tokens: [
      'as',
      'they',
      'await',
      'help',
      'with',
      'time',
      'fast',
      'running',
      'out',
      '.',
      '.',
      '.',
    ].concat(['also', 'known', 'under']),
  },
  {
    file: 'train/neg/10102_1.txt',
    text: "the only positive reviews give this a 10/10 and urge you to BUY the DVD. I can't im",
    tokens: [
      'the',
      'only',
      'positive',
      'reviews',
      'give',
      'this',
      'a',
      '10',
      '/',
      '10',
      'and',
      'urge',
      'you',
      'to',
      'buy',
      'the',
      'dvd',
      '.',
      'i',
      "can't",
      'im',
    ],
  },
  {
    file: 'train/neg/7582_2.txt',
    text: "a stylish high riser.<br /><br />Almodóvar's mother-daughter drama is stylish",
    tokens: [
      'a',
      'stylish',
      'high',
      'riser',
      '.',
      "almodóvar's",
      'mother',
      '-',
      'daughter',
      'drama',
      'is',
      'stylish',
    ],
  },
  {
    file: 'train/neg/534_4.txt',
    text: 'the "Ocean\'s 13" (nothing but a big-named cast) of mother-daughter movies and completely anti-climatic...o',
    tokens: [
      'the',
      '"',
      "ocean's",
      '13',
      '"',
      '(',
      'nothing',
      'but',
      'a',
      'big',
      '-',
      'named',
      'cast',
      ')',
      'of',
      'mother',
      '-',
      'daughter',
      'movies',
      'and',
      'completely',
      'anti',
      '-',
      'climatic',
      '.',
      '.',
      '.',
      'o',
    ],
  },
  {
    file: 'train/neg/12391_4.txt',
    text: 'the role of real-life “Playboy” centerfold Dorothy Stratten',
    tokens: [
      'the',
      'role',
      'of',
      'real',
      '-',
      'life',
      '“',
      'playboy',
      '”',
      'centerfold',
      'dorothy',
      'stratten',
    ],
  },
  {
    file: 'train/pos/10327_7.txt',
    text: 'Wayne challenges Patrick to name its price…but the latter realizes',
    tokens: [
      'wayne',
      'challenges',
      'patrick',
      'to',
      'name',
      'its',
      'price',
      '…',
      'but',
      'the',
      'latter',
      'realizes',
    ],
  },
  {
    file: 'train/neg/10224_4.txt',
    text: 'Melville´s "Le samurai" is the original<br /><br />I can´t see the point',
    tokens: [
      "melville's",
      '"',
      'le',
      'samurai',
      '"',
      'is',
      'the',
      'original',
      'i',
      "can't",
      'see',
      'the',
      'point',
    ],
  },
  {
    file: 'train/neg/10067_3.txt',
    text: "something that says `Insert empty moral here' in big bold",
    tokens: [
      'something',
      'that',
      'says',
      "'",
      'insert',
      'empty',
      'moral',
      'here',
      "'",
      'in',
      'big',
      'bold',
    ],
  },
  {
    file: 'train/neg/102_1.txt',
    text: 'the joke was on her for paying £1 for it.',
    tokens: ['the', 'joke', 'was', 'on', 'her', 'for', 'paying', '£', '1', 'for', 'it', '.'],
  },
  {
    file: 'train/pos/7467_10.txt',
    text: 'Penélope Cruz, Cameron Diaz, Kurt Russell',
    tokens: ['penélope', 'cruz', ',', 'cameron', 'diaz', ',', 'kurt', 'russell'],
  },
  {
    file: 'train/neg/10019_3.txt',
    text: 'SURDITY AFTER THE OTHER.<br /><br />WHY??!! WHAT??!!!',
    tokens: [
      'surdity',
      'after',
      'the',
      'other',
      '.',
      'why',
      '?',
      '?',
      '!',
      '!',
      'what',
      '?',
      '?',
      '!',
      '!',
      '!',
    ],
  },
  {
    file: 'test/neg/11356_3.txt',
    text: 'the ending was just ridiculous. Rating: ★★',
    tokens: ['the', 'ending', 'was', 'just', 'ridiculous', '.', 'rating', ':', '★', '★'],
  },
  {
    file: 'train/neg/3543_1.txt',
    text: "goth who'd just spent the weekend watching Truffaut and Godard",
    tokens: [
      'goth',
      "who'd",
      'just',
      'spent',
      'the',
      'weekend',
      'watching',
      'truffaut',
      'and',
      'godard',
    ],
  },
];

describe('tokenize on real IMDB review snippets', () => {
  for (const { file, text, tokens } of reviewSnippets) {
    it(`splits ${file}: ${text.slice(0, 40)}`, () => {
      expect(tokenize(text)).toEqual(tokens);
    });
  }
});

describe('tokenize rules', () => {
  it('turns every <br> variant into a separator', () => {
    expect(tokenize('one<br />two<BR/>three<br>four<br   />five')).toEqual([
      'one',
      'two',
      'three',
      'four',
      'five',
    ]);
  });

  it('maps apostrophe look-alikes to an ASCII apostrophe inside words', () => {
    for (const mark of ['\u2019', '\u2018', '\u00B4', '`', '\u02BC', '\uFF07']) {
      expect(tokenize(`Don${mark}t`)).toEqual(["don't"]);
    }
  });

  it('keeps only inner apostrophes in words', () => {
    expect(tokenize("'90s students' l'amour rock''n")).toEqual([
      "'",
      '90s',
      'students',
      "'",
      "l'amour",
      'rock',
      "'",
      "'",
      'n',
    ]);
  });

  it('makes composed and decomposed accents the same token (NFC)', () => {
    expect(tokenize('Ame\u0301lie')).toEqual(tokenize('Am\u00E9lie'));
    expect(tokenize('Ame\u0301lie')).toEqual(['am\u00E9lie']);
  });

  it('keeps letters and digits of any script together', () => {
    expect(tokenize('Кино 映画 ταινία 123٤٥')).toEqual(['кино', '映画', 'ταινία', '123٤٥']);
  });

  it('keeps an emoji with its variation selector or skin tone as one token', () => {
    expect(tokenize('love ❤️ it 👍🏽!')).toEqual(['love', '❤️', 'it', '👍🏽', '!']);
  });

  it('treats zero-width joiners, soft hyphens and control characters as separators', () => {
    expect(tokenize('👨\u200D👩 co\u00ADop a\u0000b')).toEqual(['👨', '👩', 'co', 'op', 'a', 'b']);
  });

  it('drops lone surrogates instead of throwing', () => {
    expect(tokenize('bad\uD800text \uDC00')).toEqual(['bad', 'text']);
  });

  it('returns no tokens for empty or blank text', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize(' \n\t<br />')).toEqual([]);
  });

  it('is at version 1', () => {
    expect(TOKENIZER_VERSION).toBe(1);
  });
});

describe('tokenize normalisation order', () => {
  // Found by the idempotence property: NFC maps GREEK VARIA (U+1FEF) to a backtick,
  // so apostrophes must be normalised after NFC, or a second pass would change them.
  it('normalises apostrophes that NFC produces', () => {
    expect(tokenize('\u1FEF')).toEqual(["'"]);
    expect(tokenize('a\u1FFDb')).toEqual(["a'b"]);
  });
});
