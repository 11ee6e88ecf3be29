/**
 * Finds where a JSON text stops being JSON, as line and column. Node 20's `JSON.parse` often says
 * only "Unexpected token '}', … is not valid JSON" without a position, and a hand-edited project
 * file deserves "line 14, column 3: a comma before '}'". Only called after `JSON.parse` failed.
 */

export interface JsonSyntaxProblem {
  /** Offset in UTF-16 code units. */
  readonly offset: number;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  readonly problem: string;
}

class Stop {
  constructor(
    readonly offset: number,
    readonly problem: string,
  ) {}
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

function scan(text: string): void {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const describe = (): string => (i >= text.length ? 'the end of the file' : `'${text[i]}'`);
  const string = (): void => {
    i++;
    for (;;) {
      if (i >= text.length) throw new Stop(i, 'the file ends inside a string (a missing closing ")');
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c < 0x20) throw new Stop(i, 'a line break or control character inside a string (a missing closing ", or write it as \\n)');
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) throw new Stop(i, 'a \\u escape needs four hex digits');
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) {
          i += 2;
        } else {
          throw new Stop(i, `the escape \\${e ?? ''} is not valid JSON`);
        }
        continue;
      }
      i++;
    }
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') return object();
    if (c === '[') return array();
    if (c === '"') return string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (!m) throw new Stop(i, 'an invalid number');
      i += m[0].length;
      return;
    }
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    if (c === "'") throw new Stop(i, "a single-quoted string (JSON strings use double quotes)");
    throw new Stop(i, `expected a value but found ${describe()}`);
  };
  const object = (): void => {
    i++;
    ws();
    if (text[i] === '}') {
      i++;
      return;
    }
    for (;;) {
      ws();
      if (text[i] !== '"') throw new Stop(i, `expected a property name in double quotes but found ${describe()}`);
      string();
      ws();
      if (text[i] !== ':') throw new Stop(i, `expected ':' after the property name but found ${describe()}`);
      i++;
      value();
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      if (text[i] !== ',') throw new Stop(i, `expected ',' or '}' but found ${describe()} (a missing comma?)`);
      const comma = i;
      i++;
      ws();
      if (text[i] === '}') throw new Stop(comma, "a comma before '}' (JSON allows no trailing comma)");
    }
  };
  const array = (): void => {
    i++;
    ws();
    if (text[i] === ']') {
      i++;
      return;
    }
    for (;;) {
      value();
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      if (text[i] !== ',') throw new Stop(i, `expected ',' or ']' but found ${describe()} (a missing comma?)`);
      const comma = i;
      i++;
      ws();
      if (text[i] === ']') throw new Stop(comma, "a comma before ']' (JSON allows no trailing comma)");
    }
  };
  if (text.trim() === '') throw new Stop(0, 'the file is empty');
  value();
  ws();
  if (i < text.length) throw new Stop(i, `unexpected ${describe()} after the end of the JSON document`);
}

/** The first syntax error of `text`, or null when it is valid JSON. */
export function locateJsonSyntaxError(text: string): JsonSyntaxProblem | null {
  try {
    scan(text);
    return null;
  } catch (e) {
    // Nesting deeper than the stack: give up on a position rather than fail the error report.
    if (e instanceof RangeError) return null;
    if (!(e instanceof Stop)) throw e;
    const before = text.slice(0, e.offset);
    const line = before.split('\n').length;
    const column = e.offset - (before.lastIndexOf('\n') + 1) + 1;
    return { offset: e.offset, line, column, problem: e.problem };
  }
}
