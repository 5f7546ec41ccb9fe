// @ts-check
/**
 * Light syntax highlighting for the generated text: a small tokenizer per language that splits
 * the text into classed spans. It builds DOM nodes with textContent only (never HTML), and the
 * spans' text put together is the input exactly, so what is shown is what is copied.
 * @module
 */

/** @typedef {'comment' | 'string' | 'keyword' | 'flag' | 'variable' | 'number' | 'key' | 'punct'} Kind */

/** @typedef {[RegExp, Kind | null]} Rule  A sticky pattern and the class of what it matches (null: plain). */

const WORD = /[A-Za-z_][\w-]*/y;

/** @type {Record<string, Rule[]>} */
const RULES = {
  bash: [
    [/#[^\n]*/y, 'comment'],
    [/'[^']*'/y, 'string'],
    [/"(?:[^"\\]|\\.)*"/y, 'string'],
    [/\$\{[^}\n]*\}|\$\w+/y, 'variable'],
    [/(?<=^|\s)--?[A-Za-z][\w-]*(?:=\S*)?/y, 'flag'],
    [/\b(?:if|then|else|fi|for|do|done|set|export|echo|exit|cat|mv)\b/y, 'keyword'],
    [/(?<=^|[\s=(])\d+(?:\.\d+)*(?![\w./-])/y, 'number'],
  ],
  powershell: [
    [/#[^\n]*/y, 'comment'],
    [/@'\n[\s\S]*?\n'@/y, 'string'],
    [/['\u2018\u2019\u201a\u201b](?:[^'\u2018\u2019\u201a\u201b]|['\u2018\u2019\u201a\u201b]{2})*['\u2018\u2019\u201a\u201b]/y, 'string'],
    [/"(?:[^"`]|`.)*"/y, 'string'],
    [/\$(?:env:)?\w+/y, 'variable'],
    [/(?<=^|\s)--?[A-Za-z][\w-]*(?:=\S*)?/y, 'flag'],
    [/\b(?:if|else|try|catch|throw|foreach|function|param)\b/y, 'keyword'],
    [/(?<=^|[\s=(])\d+(?:\.\d+)*(?![\w./-])/y, 'number'],
  ],
  python: [
    [/#[^\n]*/y, 'comment'],
    [/(?:[rbuf]|rb|br)?(?:"""[\s\S]*?"""|'''[\s\S]*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')/iy, 'string'],
    [/\b(?:from|import|as|def|return|if|else|elif|for|in|with|None|True|False|and|or|not|print)\b/y, 'keyword'],
    [/\d+(?:\.\d+)?/y, 'number'],
  ],
  yaml: [
    [/#[^\n]*/y, 'comment'],
    [/(?<=^|\n)[ \t-]*[\w$.-]+(?=:(?:\s|$))/y, 'key'],
    [/'(?:[^']|'')*'|"(?:[^"\\]|\\.)*"/y, 'string'],
    [/\b(?:true|false|null)\b/y, 'keyword'],
  ],
  json: [
    [/"(?:[^"\\]|\\.)*"(?=\s*:)/y, 'key'],
    [/"(?:[^"\\]|\\.)*"/y, 'string'],
    [/\b(?:true|false|null)\b/y, 'keyword'],
    [/-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y, 'number'],
  ],
  bicep: [
    [/\/\/[^\n]*/y, 'comment'],
    [/'''[\s\S]*?'''|'(?:[^'\\]|\\.)*'/y, 'string'],
    [/\b(?:param|var|resource|existing|output|module|targetScope|true|false|null)\b/y, 'keyword'],
    [/\d+/y, 'number'],
  ],
  hcl: [
    [/#[^\n]*|\/\/[^\n]*/y, 'comment'],
    [/<<-?EOT\n[\s\S]*?\nEOT/y, 'string'],
    [/"(?:[^"\\]|\\.)*"/y, 'string'],
    [/\b(?:resource|data|provider|terraform|variable|output|locals|true|false|null)\b/y, 'keyword'],
    [/\d+/y, 'number'],
  ],
};

/**
 * The text split into tokens; unknown languages give one plain token.
 * @param {string} text
 * @param {string} language
 * @returns {{ kind: Kind | null, text: string }[]}
 */
export function tokenize(text, language) {
  const rules = RULES[language];
  if (!rules) return [{ kind: null, text }];
  /** @type {{ kind: Kind | null, text: string }[]} */
  const tokens = [];
  let plain = '';
  let i = 0;
  outer: while (i < text.length) {
    for (const [pattern, kind] of rules) {
      pattern.lastIndex = i;
      const match = pattern.exec(text);
      if (match && match[0].length > 0) {
        if (plain) tokens.push({ kind: null, text: plain });
        plain = '';
        tokens.push({ kind, text: match[0] });
        i += match[0].length;
        continue outer;
      }
    }
    // A plain word is taken whole, so that a keyword is never matched inside it.
    WORD.lastIndex = i;
    const word = WORD.exec(text);
    const step = word ? word[0].length : 1;
    plain += text.slice(i, i + step);
    i += step;
  }
  if (plain) tokens.push({ kind: null, text: plain });
  return tokens;
}

/**
 * Fills `code` with the highlighted text.
 * @param {HTMLElement} code
 * @param {string} text
 * @param {string} language
 */
export function highlight(code, text, language) {
  const nodes = tokenize(text, language).map(({ kind, text: part }) => {
    if (kind === null) return document.createTextNode(part);
    const span = document.createElement('span');
    span.className = `tok-${kind}`;
    span.textContent = part;
    return span;
  });
  code.replaceChildren(...nodes);
  code.dataset.language = language;
}
