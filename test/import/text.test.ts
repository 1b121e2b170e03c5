import { authorKey, cleanName, cleanText } from '../../src/domain/text';
import { rfc2822Date } from '../../src/import/arxiv-record';

describe('cleanText', () => {
  it.each([
    ["Bal\\'azs", 'Balázs'],
    ['Schr{\\"o}dinger', 'Schrödinger'],
    ['M\\"uller', 'Müller'],
    ['Gar\\c{c}on', 'Garçon'],
    ['Espa\\~na', 'España'],
    ["{\\'E}cole", 'École'],
    ['\\v{S}koda', 'Škoda'],
    ["Mart\\'{\\i}n", 'Martín'],
    ['Stra\\ss e', 'Straße'],
    ['  many\n  lines\tand   spaces ', 'many lines and spaces'],
    ['the $(k,\\ell)$-pebble game', 'the (k,\\ell)-pebble game'],
    ['costs \\$5 and $$x^2$$', 'costs \\$5 and x^2'],
    ['TiSe$_{2}$ crystal', 'TiSe_{2} crystal'],
  ])('%j -> %j', (input, output) => {
    expect(cleanText(input)).toBe(output);
  });
});

describe('names and keys', () => {
  it('joins spaced initials', () => {
    expect(cleanName('C. -P.')).toBe('C.-P.');
  });

  it('gives one key to spellings of one name', () => {
    expect(authorKey('C. Balázs')).toBe('c balazs');
    expect(authorKey('c  BALAZS')).toBe('c balazs');
    expect(authorKey('C.-P. Yuan')).toBe(authorKey('C. P. Yuan'));
    expect(authorKey('Chris Balázs')).not.toBe(authorKey('C. Balázs'));
  });
});

describe('rfc2822Date', () => {
  it('reads the date of an arXiv version stamp', () => {
    expect(rfc2822Date('Mon, 2 Apr 2007 19:18:42 GMT')).toBe('2007-04-02');
    expect(rfc2822Date('Sat, 31 Mar 2007 02:26:18 GMT')).toBe('2007-03-31');
    expect(rfc2822Date('Fri, 30 Feb 2007 02:26:18 GMT')).toBeNull();
    expect(rfc2822Date('yesterday')).toBeNull();
  });
});
