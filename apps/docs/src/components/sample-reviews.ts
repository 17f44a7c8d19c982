/** Reviews the demo offers as one-click examples (written for this site, not taken from IMDB). */
export interface SampleReview {
  title: string;
  text: string;
}

export const SAMPLE_REVIEWS: readonly SampleReview[] = [
  {
    title: 'Clearly positive',
    text: 'A wonderful, moving film. The acting is superb, the story is beautiful and I loved every minute of it. One of the best movies I have seen in years.',
  },
  {
    title: 'Clearly negative',
    text: 'This was a terrible movie. The plot made no sense, the acting was awful and the dialogue was boring. A complete waste of time; I want those two hours back.',
  },
  {
    title: 'Verdict at the start',
    text: 'Brilliant. The first half hour sets up the characters, their town, the old factory and the long dispute over the land, and the middle follows the trial day by day, witness after witness, until the final scene in the courtroom.',
  },
  {
    title: 'Mixed',
    text: 'The cast is great and the music is lovely, but the script is weak and the ending drags on far too long.',
  },
];
