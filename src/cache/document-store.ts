import type { DocumentStore } from "@apollo/server";
import { visit, type DocumentNode, type Token } from "graphql";
import { ByteLru } from "./byte-lru";

/*
 * What a parsed document keeps alive, measured with V8 heap snapshots of graphql-js 16 documents on Node 20.
 * Apollo's own store counts only JSON.stringify(document), which sees neither the source text (`loc` holds
 * it) nor the token list, so a short document behind a long comment was counted at a few hundred bytes.
 */
/** Per lexer token (comments included): `loc` links every token of the source, prev and next. */
const TOKEN_BYTES = 96;
/** Per AST node, its Location included. */
const NODE_BYTES = 224;
/** The Source object, the document's own arrays, the cache's bookkeeping. */
const ENTRY_BYTES = 1024;

/**
 * Apollo's cache of parsed and validated documents, bounded in the bytes the documents really hold (source
 * text, tokens, AST): whatever clients send, it holds at most `maxBytes` and drops the least recently used.
 */
export function createDocumentStore(maxBytes: number): DocumentStore {
  const documents = new ByteLru<string, DocumentNode>(maxBytes);
  return {
    get: async (key) => documents.get(key),
    set: async (key, document) => documents.set(key, document, retainedBytes(document) + 2 * key.length),
    delete: async (key) => documents.delete(key),
  };
}

/** An estimate of the heap a parsed document retains, on the high side. */
export function retainedBytes(document: DocumentNode): number {
  let nodes = 0;
  visit(document, {
    enter() {
      nodes++;
    },
  });
  let bytes = ENTRY_BYTES + nodes * NODE_BYTES;
  const loc = document.loc;
  if (!loc) return bytes;
  const body = loc.source.body;
  // The source text; long token values (comments, strings) are slices of it, short ones count with the token.
  bytes += body.length * charBytes(body);
  for (let token: Token | null = loc.startToken; token !== null; token = token.next) bytes += TOKEN_BYTES;
  return bytes;
}

/** V8 keeps a string in one byte per character when every character fits, else two. */
function charBytes(text: string): number {
  return /[\u0100-\uffff]/.test(text) ? 2 : 1;
}
