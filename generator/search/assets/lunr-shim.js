/*
 * lunr-shim.js: the few parts of lunr.js that its stemmers need, so that the browser gets
 * the stemmers (lunr.stemmer, lunr-languages) without lunr.js itself (bundle_script, index.py).
 *
 * The stemmers wrap a word in a Token and update it (`token.update(fn)`); lunr-languages also
 * register their pipeline functions and build a stop-word filter when loaded, which kbgen never
 * runs (no lunr pipeline: kb-search.js builds the query itself).
 */
function Token(str, metadata) {
  this.str = str;
  this.metadata = metadata || {};
}
Token.prototype.update = function (fn) {
  this.str = fn(this.str, this.metadata);
  return this;
};
Token.prototype.toString = function () {
  return this.str;
};
return {
  Token: Token,
  Pipeline: { registerFunction: function () {} },
  generateStopWordFilter: function () { return function (token) { return token; }; }
};
