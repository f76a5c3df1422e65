/**
 * A strict XML 1.0 parser for the tests that read reports/junit.xml: elements, attributes, text, CDATA,
 * comments, the XML declaration and the five predefined entities plus character references. Anything
 * malformed — an unclosed or mismatched tag, an unquoted or repeated attribute, a bare `<` or `&`, text
 * outside the root — throws with its offset, so a test that reads a report also proves it is well formed
 * (what a CI test tab needs before it shows anything).
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function parseXml(source: string): XmlElement {
  let at = 0;
  const fail = (what: string): never => {
    throw new Error(`malformed XML at offset ${at}: ${what} (…${source.slice(at, at + 40)}…)`);
  };
  const skipSpace = () => {
    while (/\s/.test(source[at] ?? '')) at++;
  };
  const skipMisc = () => {
    for (;;) {
      skipSpace();
      if (source.startsWith('<?', at)) {
        const end = source.indexOf('?>', at);
        if (end < 0) fail('unterminated processing instruction');
        at = end + 2;
      } else if (source.startsWith('<!--', at)) {
        const end = source.indexOf('-->', at);
        if (end < 0) fail('unterminated comment');
        at = end + 3;
      } else return;
    }
  };
  const name = (): string => {
    NAME.lastIndex = at;
    const match = NAME.exec(source);
    if (!match) return fail('a name was expected');
    at += match[0].length;
    return match[0];
  };
  const decode = (raw: string): string => {
    if (/<|&(?!(#\d+|#x[0-9a-fA-F]+|lt|gt|amp|quot|apos);)/.test(raw)) fail('a bare < or & in text');
    return raw.replace(/&(#\d+|#x[0-9a-fA-F]+|lt|gt|amp|quot|apos);/g, (_, entity: string) =>
      entity.startsWith('#x')
        ? String.fromCodePoint(Number.parseInt(entity.slice(2), 16))
        : entity.startsWith('#')
          ? String.fromCodePoint(Number.parseInt(entity.slice(1), 10))
          : (ENTITIES[entity] as string),
    );
  };
  const element = (): XmlElement => {
    if (source[at] !== '<') fail('an element was expected');
    at++;
    const node: XmlElement = { name: name(), attributes: {}, children: [], text: '' };
    for (;;) {
      skipSpace();
      if (source.startsWith('/>', at)) {
        at += 2;
        return node;
      }
      if (source[at] === '>') {
        at++;
        break;
      }
      const attribute = name();
      skipSpace();
      if (source[at] !== '=') fail(`attribute ${attribute} has no value`);
      at++;
      skipSpace();
      const quote = source[at];
      if (quote !== '"' && quote !== "'") fail(`attribute ${attribute} is not quoted`);
      const end = source.indexOf(quote as string, at + 1);
      if (end < 0) fail(`attribute ${attribute} is not closed`);
      if (attribute in node.attributes) fail(`attribute ${attribute} is repeated`);
      node.attributes[attribute] = decode(source.slice(at + 1, end));
      at = end + 1;
    }
    for (;;) {
      if (at >= source.length) fail(`<${node.name}> is never closed`);
      if (source.startsWith('</', at)) {
        at += 2;
        if (name() !== node.name) fail(`a closing tag that does not match <${node.name}>`);
        skipSpace();
        if (source[at] !== '>') fail('a closing tag without >');
        at++;
        return node;
      }
      if (source.startsWith('<![CDATA[', at)) {
        const end = source.indexOf(']]>', at);
        if (end < 0) fail('unterminated CDATA');
        node.text += source.slice(at + 9, end);
        at = end + 3;
      } else if (source.startsWith('<!--', at)) {
        const end = source.indexOf('-->', at);
        if (end < 0) fail('unterminated comment');
        at = end + 3;
      } else if (source[at] === '<') node.children.push(element());
      else {
        const end = source.indexOf('<', at);
        node.text += decode(source.slice(at, end < 0 ? source.length : end));
        at = end < 0 ? source.length : end;
      }
    }
  };
  skipMisc();
  const root = element();
  skipMisc();
  if (at !== source.length) fail('content after the root element');
  return root;
}

/** Every element named `name` at any depth below (and including) `node`. */
export function elementsNamed(node: XmlElement, name: string): XmlElement[] {
  return [
    ...(node.name === name ? [node] : []),
    ...node.children.flatMap((child) => elementsNamed(child, name)),
  ];
}
