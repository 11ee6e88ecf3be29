/** The Model view's "Test samples" fields: empty = the project's own setting, else a whole number ≥ 1. */
export type SampleLimitInput = number | null | 'bad';

export function sampleLimitOf(text: string): SampleLimitInput {
  const t = text.trim();
  if (t === '') return null;
  const n = Number(t);
  return Number.isInteger(n) && n >= 1 ? n : 'bad';
}
