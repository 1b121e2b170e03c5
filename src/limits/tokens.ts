// Counts a document's tokens as graphql-js's parser does (comments and the end left out), to
// tell a client refused by the token limit how long its document is.
import { Lexer, Source, TokenKind } from 'graphql';

export function countTokens(body: string): { count: number; complete: boolean } {
  const lexer = new Lexer(new Source(body));
  let count = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) count += 1;
    return { count, complete: true };
  } catch {
    // A syntax error further on: the count so far is all there is.
    return { count, complete: false };
  }
}
