/** The consecutive integer levels first … last (inclusive), as a uniform quantizer's `levels`. */
export function integerLevels(first: number, last: number): Int32Array {
  const levels = new Int32Array(last - first + 1);
  for (let c = 0; c < levels.length; c++) levels[c] = first + c;
  return levels;
}
