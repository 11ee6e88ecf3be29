/**
 * A parser for the small subset of Python literal syntax NPY headers use (the dict written by
 * numpy's `format._write_array_header`, read back there with `ast.literal_eval`): dicts, tuples,
 * lists, strings, integers, True/False/None. Never evaluates anything.
 */

export type PythonValue = string | number | boolean | null | PythonValue[] | { [key: string]: PythonValue };

export class PythonLiteralError extends Error {}

export function parsePythonLiteral(text: string): PythonValue {
  let pos = 0;

  const skipSpace = (): void => {
    while (pos < text.length && /\s/.test(text[pos])) pos++;
  };
  const fail = (what: string): never => {
    throw new PythonLiteralError(`${what} at character ${pos} of ${JSON.stringify(text.slice(0, 200))}`);
  };

  const parseSequence = (close: string): PythonValue[] => {
    const items: PythonValue[] = [];
    for (;;) {
      skipSpace();
      if (text[pos] === close) {
        pos++;
        return items;
      }
      items.push(parseValue());
      skipSpace();
      if (text[pos] === ',') pos++;
      else if (text[pos] !== close) fail(`expected ',' or '${close}'`);
    }
  };

  const parseDict = (): { [key: string]: PythonValue } => {
    const dict: { [key: string]: PythonValue } = {};
    for (;;) {
      skipSpace();
      if (text[pos] === '}') {
        pos++;
        return dict;
      }
      const key = parseValue();
      if (typeof key !== 'string') fail('expected a string key');
      skipSpace();
      if (text[pos] !== ':') fail("expected ':'");
      pos++;
      dict[key as string] = parseValue();
      skipSpace();
      if (text[pos] === ',') pos++;
      else if (text[pos] !== '}') fail("expected ',' or '}'");
    }
  };

  const parseString = (quote: string): string => {
    pos++;
    let out = '';
    while (pos < text.length && text[pos] !== quote) {
      if (text[pos] === '\\') fail('escape sequences are not supported');
      out += text[pos++];
    }
    if (pos >= text.length) fail('unterminated string');
    pos++;
    return out;
  };

  function parseValue(): PythonValue {
    skipSpace();
    const c = text[pos];
    if (c === '{') {
      pos++;
      return parseDict();
    }
    if (c === '(') {
      pos++;
      return parseSequence(')');
    }
    if (c === '[') {
      pos++;
      return parseSequence(']');
    }
    if (c === "'" || c === '"') return parseString(c);
    const word = /^(True|False|None|-?\d+L?)/.exec(text.slice(pos));
    if (!word) return fail('unexpected character');
    pos += word[0].length;
    if (word[0] === 'True') return true;
    if (word[0] === 'False') return false;
    if (word[0] === 'None') return null;
    // Python 2 era headers wrote longs as "3L".
    return Number(word[0].replace('L', ''));
  }

  const value = parseValue();
  skipSpace();
  if (pos !== text.length) fail('unexpected trailing text');
  return value;
}
