// A parser for the small subset of Python literals that a .npy header uses — dicts, tuples,
// lists, strings, integers, True/False/None. The header is read as data: numpy's own
// loader calls ast.literal_eval for the same reason (never eval), and anything outside the
// subset is an error rather than code.

export type PyValue = string | number | boolean | null | PyValue[] | { [key: string]: PyValue };

export class PyLiteralError extends Error {}

export function parsePythonLiteral(text: string): PyValue {
  let pos = 0;

  const fail = (what: string): never => {
    throw new PyLiteralError(`${what} at character ${pos} of ${JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text)}`);
  };
  const skipSpace = () => {
    while (pos < text.length && /\s/.test(text[pos])) pos++;
  };
  const expect = (ch: string) => {
    skipSpace();
    if (text[pos] !== ch) fail(`expected '${ch}'`);
    pos++;
  };

  // Items up to the closing bracket, with Python's optional trailing comma.
  const sequence = <T>(close: string, item: () => T): T[] => {
    const items: T[] = [];
    for (;;) {
      skipSpace();
      if (text[pos] === close) {
        pos++;
        return items;
      }
      items.push(item());
      skipSpace();
      if (text[pos] === ',') pos++;
      else if (text[pos] !== close) fail(`expected ',' or '${close}'`);
    }
  };

  const str = (): string => {
    const quote = text[pos++];
    let out = '';
    while (pos < text.length && text[pos] !== quote) {
      if (text[pos] === '\\') {
        pos++;
        if (pos >= text.length) break;
      }
      out += text[pos++];
    }
    if (pos >= text.length) fail('unterminated string');
    pos++;
    return out;
  };

  const value = (): PyValue => {
    skipSpace();
    const ch = text[pos];
    if (ch === '{') {
      pos++;
      const entries = sequence('}', () => {
        skipSpace();
        if (text[pos] !== "'" && text[pos] !== '"') fail('expected a string key');
        const key = str();
        expect(':');
        return [key, value()] as const;
      });
      return Object.fromEntries(entries);
    }
    if (ch === '(') {
      pos++;
      return sequence(')', value);
    }
    if (ch === '[') {
      pos++;
      return sequence(']', value);
    }
    if (ch === "'" || ch === '"') return str();
    const word = /^(True|False|None|-?\d+L?)/.exec(text.slice(pos));
    if (!word) return fail('expected a Python literal');
    pos += word[0].length;
    if (word[0] === 'True') return true;
    if (word[0] === 'False') return false;
    if (word[0] === 'None') return null;
    return Number.parseInt(word[0], 10); // Python 2 wrote long integers with a trailing L
  };

  const result = value();
  skipSpace();
  if (pos !== text.length) fail('unexpected text after the literal');
  return result;
}
