/*
 * kb-search.js: the help center's search engine, in the browser.
 *
 * Serves the site's search box, the shop-page widget and the handbook. Reads a
 * "kb-search/6" index (generator/search/index.py): a small meta file (a small
 * shop's whole index), then only the shards a query needs, through a `load(name)` function given by the page
 * (a name relative to the language's folder -> Promise of what the file holds):
 *
 *   KbSearch.open(load).then(function (engine) {
 *     return engine.search("гарантия", 10);   // -> Promise of [{id, title, url, snippet, kind, doc, score}]
 *   });
 *
 * For a stemmed language, the bundle (index.py `bundle_script`) loads its
 * stemmer first (lunr.stemmer, or lunr-languages' over lunr-shim.js) and sets
 * `KbSearch.lunr`. The tokenizer below is the twin of
 * generator/search/tokenize.py: the query must be cut into exactly the terms the
 * index was built from, so every step and every table here has its equal there,
 * and the tests compare the two. The scoring is lunr 2.3.9's (see `rank`).
 *
 * Plain ES2017 plus one ES2018 feature (Unicode property escapes, built at
 * run time so an older browser gets an error from `open`, not a broken page).
 */
(function (root) {
  "use strict";

  // ---- normalisation (tokenize.normalize) ---------------------------------

  var INVISIBLE = /[\u00ad\u180e\u200b\u200c\u200d\u2060\ufeff]/g;

  function normalize(text) {
    return String(text).normalize("NFKC").replace(INVISIBLE, "").toLowerCase().replace(/ё/g, "е");
  }

  // ---- Chinese: Traditional -> Simplified (tokenize.fold_han) ---------------

  var foldTables = new Map();

  /** The Map of a Chinese index's `fold` pairs ("國国學学..."), or null for "" (not Chinese). */
  function foldTable(pairs) {
    if (!pairs) return null;
    var table = foldTables.get(pairs);
    if (!table) {
      var chars = Array.from(pairs);
      table = new Map();
      for (var i = 0; i + 1 < chars.length; i += 2) table.set(chars[i], chars[i + 1]);
      foldTables.set(pairs, table);
    }
    return table;
  }

  /** `normalize`, then, with a fold table, every Traditional character in its Simplified form (tokenize.normalize_for). */
  function normalizeFor(text, table) {
    var normalized = normalize(text);
    if (!table) return normalized;
    return Array.from(normalized, function (ch) { return table.get(ch) || ch; }).join("");
  }

  // ---- character classes (tokenize.char_class) ------------------------------

  var SEP = 0, WORD = 1, CJK = 2;

  // Same tables as CJK_RANGES and JAMO_RANGES in tokenize.py.
  var CJK_RANGES = [
    [0x0E00, 0x0EFF], [0x1000, 0x109F], [0x1780, 0x17FF], [0x3005, 0x3007],
    [0x3021, 0x3029], [0x3031, 0x3035], [0x3038, 0x303C], [0x3040, 0x30FF],
    [0x31F0, 0x31FF], [0x3400, 0x4DBF], [0x4E00, 0x9FFF], [0xAC00, 0xD7A3],
    [0xF900, 0xFAFF], [0x1B000, 0x1B16F], [0x20000, 0x323AF]
  ];
  var JAMO_RANGES = [[0x1100, 0x11FF], [0x3130, 0x318F], [0xA960, 0xA97F], [0xD7B0, 0xD7FF]];

  var letterPattern = null;
  function isLetterMarkOrDigit(ch) {
    if (letterPattern === null) {
      letterPattern = new RegExp("^[\\p{L}\\p{M}\\p{N}]$", "u");
    }
    return letterPattern.test(ch);
  }

  function inRanges(cp, ranges) {
    for (var i = 0; i < ranges.length; i++) {
      if (cp < ranges[i][0]) return false;
      if (cp <= ranges[i][1]) return true;
    }
    return false;
  }

  /** SEP, WORD or CJK for one normalised character (a code point, not a UTF-16 unit). */
  function charClass(ch) {
    var cp = ch.codePointAt(0);
    // Latin, Cyrillic, Han and Hangul, the scripts most queries are written in, are classed without the Unicode
    // pattern (every code point below is a letter, mark or digit, but U+0482 and ASCII's others): compiling
    // and warming the pattern up took a first query 2 ms, 8 on a phone's slower CPU.
    if (cp < 0x80) return (cp >= 0x61 && cp <= 0x7A) || (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5A) ? WORD : SEP;
    if (cp >= 0x0400 && cp <= 0x04FF) return cp === 0x0482 ? SEP : WORD;
    if ((cp >= 0x4E00 && cp <= 0x9FEF) || (cp >= 0xAC00 && cp <= 0xD7A3)) return CJK;
    if (!isLetterMarkOrDigit(ch) || inRanges(cp, JAMO_RANGES)) return SEP;
    return inRanges(cp, CJK_RANGES) ? CJK : WORD;
  }

  /** WORD and CJK runs of normalised text: [{kind, chars: [code point strings]}]. */
  function runs(normalized) {
    var out = [], current = null;
    for (var ch of normalized) {
      var kind = charClass(ch);
      if (kind === SEP) {
        current = null;
      } else if (current !== null && current.kind === kind) {
        current.chars.push(ch);
      } else {
        current = { kind: kind, chars: [ch] };
        out.push(current);
      }
    }
    return out;
  }

  function bigrams(chars) {
    if (chars.length < 2) return [chars.join("")];
    var out = [];
    for (var i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
    return out;
  }

  // ---- stemmers (tokenize.STEMMERS) -----------------------------------------

  var stemmerCache = new Map();

  /**
   * The stem function for an index's `stemmer` value: null = no stemming,
   * "" = lunr.js's English stemmer, "ru" = lunr.ru.stemmer (lunr-languages),
   * taken from `KbSearch.lunr` (set by the bundle) or a page's `lunr`.
   */
  function stemmerFor(name) {
    if (name === null || name === undefined) return null;
    if (stemmerCache.has(name)) return stemmerCache.get(name);
    var lunr = KbSearch.lunr || root.lunr;
    var pipelineFn = lunr && (name === "" ? lunr.stemmer : (lunr[name] && lunr[name].stemmer));
    if (typeof pipelineFn !== "function") {
      throw new Error("kb-search: the index needs the stemmer " + (name === "" ? "lunr.stemmer from lunr.js" :
                      "from lunr." + name + ".js (lunr-languages)") + ", which is not loaded");
    }
    var memo = new Map();
    var fn = function (word) {
      var stemmed = memo.get(word);
      if (stemmed === undefined) {
        stemmed = pipelineFn(new lunr.Token(word, {})).toString();
        memo.set(word, stemmed);
      }
      return stemmed;
    };
    // For words stemmed once and thrown away (a typo's variants, `typoStems`): not kept in the memo.
    fn.uncached = function (word) { return pipelineFn(new lunr.Token(word, {})).toString(); };
    stemmerCache.set(name, fn);
    return fn;
  }

  /**
   * Index terms of `text` (tokenize.tokenize); `stemmer` as in stemmerFor, `fold` an index's `fold`
   * pairs, `characters` its `characters` flag (CJK runs also as single characters: Chinese).
   */
  function tokenize(text, stemmer, fold, characters) {
    var stem = stemmerFor(stemmer), tokens = [];
    runs(normalizeFor(text, foldTable(fold))).forEach(function (run) {
      if (run.kind === CJK) {
        Array.prototype.push.apply(tokens, bigrams(run.chars));
        if (characters && run.chars.length > 1) Array.prototype.push.apply(tokens, run.chars);
      } else {
        var word = run.chars.join("");
        tokens.push(stem ? stem(word) : word);
      }
    });
    return tokens;
  }

  // ---- the query ----------------------------------------------------------------

  // Clause boosts. A document scores the sum, over matched terms, of the clause
  // boosts times the term's BM25 weight in the document (field boosts are in
  // the weights: see `rank`). An exact term also matches its own prefix clause,
  // so exact matches outrank prefix expansions.
  var BOOST = {
    exact: 1,         // the stem (or word, or CJK bigram) itself
    stemPrefix: 0.4,  // stem + "*": гарантия (гарант) finds гарантийный (гарантийн)
    typedPrefix: 0.6, // the last word as typed + "*": "гаран", "refu" while typing;
                      // scaled down for 1-2 letters, which expand to many words
    backoff: 0.3,     // the last word cut by 1-3 letters + "*": "trackin" finds track
    loosePrefix: 0.3, // unstemmed languages: a longer word's head + "*" (crude inflection)
    fuzzy: 0.2,       // a known word's one-typo neighbours (see typoNeighbours): a little evidence
    typo: 0.7,        // an unknown word's one-typo neighbours: warrenty finds warranty, возрат возврат;
                      // below an exact match, above a prefix
    cjkPrefix: 0.5,   // a lone CJK character + "*": 배 finds 배송
    character: 0.5,   // each character of a Chinese run (indexes with `characters`): 箱子 meets 外箱
    straddling: 0.3,  // a CJK bigram across the edge of a known word (see straddling)
    stopWord: 0.5     // a stop word among other words: every clause of "when", "do", "my" in
                      // "when do i get my refnd" (see queryClauses)
  };
  // How much a stop word among other words counts towards a document's coverage of the query
  // (see `coverage`): its unit's weight is scaled by this.
  var STOP_WORD_COVERAGE = 0.2;
  var MIN_FUZZY = 5;
  var MAX_TYPO_NEIGHBOURS = 5;
  // Unknown words of a query (its first ones) whose one-typo variants are stemmed (`typoStems`: a few
  // hundred stems each): a pasted text of dozens of unknown words stays as fast as before.
  var MAX_TYPO_STEM_WORDS = 4;
  var MAX_QUERY_TERMS = 40;
  var MIN_STEM_PREFIX = 3;

  /**
   * How an Engine reads queries: its stemmer, its lexicon, its fold table,
   * its `dictionary` (the index's terms: a Dictionary, or anything with `has`,
   * `hasPrefix` and `typoCandidates`), and whether the index holds single CJK
   * characters (`characters`, Chinese: tokenize.indexes_characters), and its
   * `stopWords` (lunr's list for the language: index.py `stop_words`).
   */
  function Analyzer(stemmer, lexicon, fold, dictionary, characters, stopWords) {
    this.stem = stemmerFor(stemmer);
    this.typoStemsOf = new Map();  // word -> {terms: how many candidates it was made from, stems}: `typoStems`
    this.characters = Boolean(characters);
    this.stopWords = new Set(stopWords || []);
    this.dictionary = dictionary;
    this.fold = foldTable(fold);
    this.lexicon = new Set(lexicon || []);
    this.maxWord = 0;
    this.lexicon.forEach(function (word) {
      this.maxWord = Math.max(this.maxWord, Array.from(word).length);
    }, this);
  }

  /**
   * Which bigrams of a CJK run straddle the edge of a known word. The run is
   * cut by forward maximum matching against the lexicon; a bigram made of the
   * last character of a known word and the next character (or of a character
   * and the first of a known word) is a word boundary, not a word: in
   * 换货运费, with 换货 a keyword, 货运 ("freight") is a spurious match.
   * Returns one boolean per bigram.
   */
  Analyzer.prototype.straddling = function (chars) {
    var flags = new Array(Math.max(0, chars.length - 1)).fill(false);
    if (this.maxWord < 2 || chars.length < 3) return flags;
    var i = 0;
    while (i < chars.length) {
      var length = 1;
      for (var n = Math.min(this.maxWord, chars.length - i); n >= 2; n--) {
        if (this.lexicon.has(chars.slice(i, i + n).join(""))) { length = n; break; }
      }
      if (length > 1) {
        if (i > 0) flags[i - 1] = true;                        // bigram entering the word
        if (i + length - 1 < flags.length) flags[i + length - 1] = true;  // bigram leaving it
      }
      i += length;
    }
    return flags;
  };

  Analyzer.prototype.has = function (term) { return this.dictionary.has(term); };
  Analyzer.prototype.hasPrefix = function (prefix) { return this.dictionary.hasPrefix(prefix); };

  /**
   * The index terms one typo away from `term` (at most MAX_TYPO_NEIGHBOURS, in index order):
   * one letter inserted, deleted or replaced, or two neighbouring letters swapped. Only for
   * Latin and Cyrillic words (see typoWord), whose letters are single UTF-16 units.
   * The candidates: `Dictionary.typoCandidates` (the terms starting with the word's first or
   * second letter; for a word the index does not know, `anywhere`, every term of a small index).
   */
  Analyzer.prototype.typoNeighbours = function (term, anywhere, word) {
    var found = [], candidates = this.dictionary.typoCandidates(term, anywhere);
    for (var i = 0; i < candidates.length && found.length < MAX_TYPO_NEIGHBOURS; i++) {
      if (oneTypoApart(term, candidates[i])) found.push(candidates[i]);
    }
    // None: perhaps the typo changed what the stemmer strips (`typoStems`), for a word given as typed.
    if (found.length === 0 && word && this.stem) {
      var stems = this.typoStems(word, candidates);
      for (var k = 0; k < candidates.length && found.length < MAX_TYPO_NEIGHBOURS; k++) {
        if (stems.has(candidates[k])) found.push(candidates[k]);
      }
    }
    return found;
  };

  /**
   * The stems of the words one typo from `word` (as typed, unstemmed), the letters tried being
   * those of `terms` (the candidates: the index's own alphabet). A typo can change what the
   * stemmer strips, so that the typed word's stem is two edits from the right one: "dmaged"
   * keeps "dmage" where "damaged" gives "damag", "kttle" keeps its e, "saftey" -> "saftei" and
   * "safety" -> "safeti". Only for a word the index does not know: a few hundred stems.
   */
  Analyzer.prototype.typoStems = function (word, terms) {
    // Each keystroke runs the whole query again: a mistyped word earlier in it is looked at once (with
    // the terms at hand: a first attempt may run before the term shards it asked for are in).
    var seen = this.typoStemsOf.get(word);
    if (seen && seen.terms === terms.length) return seen.stems;
    // The letters tried: those of the index's terms in the word's own script (Cyrillic or Latin).
    var cyrillic = /^[\u0400-\u04ff]/.test(word), alphabet = [], letters = new Set();
    terms.forEach(function (t) { for (var k = 0; k < t.length; k++) letters.add(t.charAt(k)); });
    letters.forEach(function (ch) {
      if (typoScript().test(ch) && /^[\u0400-\u04ff]$/.test(ch) === cyrillic) alphabet.push(ch);
    });
    var stem = this.stem.uncached, stems = new Set(), n = word.length;
    function add(edited) { stems.add(stem(edited)); }
    for (var i = 0; i <= n; i++) {
      var head = word.slice(0, i), tail = word.slice(i);
      if (i < n) add(head + tail.slice(1));                                    // a letter too many
      if (i < n - 1) add(head + tail.charAt(1) + tail.charAt(0) + tail.slice(2));  // two swapped
      alphabet.forEach(function (ch) {
        add(head + ch + tail);                                                 // a letter missing
        if (i < n && ch !== tail.charAt(0)) add(head + ch + tail.slice(1));     // a letter wrong
      });
    }
    if (this.typoStemsOf.size >= 64) this.typoStemsOf.delete(this.typoStemsOf.keys().next().value);  // the oldest
    this.typoStemsOf.set(word, { terms: terms.length, stems: stems });
    return stems;
  };

  /** Whether `a` becomes `b` by one insertion, deletion, replacement or swap of neighbours (UTF-16 units). */
  function oneTypoApart(a, b) {
    var difference = a.length - b.length;
    if (difference > 1 || difference < -1) return false;
    var i = 0;
    while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
    if (i === a.length && i === b.length) return false;  // equal
    if (difference === 0) {
      return a.slice(i + 1) === b.slice(i + 1) ||
        (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
    }
    return difference > 0 ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  /**
   * The index terms of the two words `chars` (a Latin or Cyrillic word the index does not know)
   * was typed for without a space: the first cut, from the left, whose two halves (3 letters or
   * more each, stemmed) are both index terms; [] when there is none.
   */
  Analyzer.prototype.gluedWords = function (chars) {
    for (var cut = MIN_STEM_PREFIX; cut <= chars.length - MIN_STEM_PREFIX; cut++) {
      var head = chars.slice(0, cut).join(""), tail = chars.slice(cut).join("");
      if (this.stem) { head = this.stem(head); tail = this.stem(tail); }
      if (this.has(head) && this.has(tail)) return [head, tail];
    }
    return [];
  };

  var typoPattern = null;
  /** Letters typo tolerance applies to: Latin or Cyrillic (a pattern made on first use: \\p{...} support). */
  function typoScript() {
    if (typoPattern === null) typoPattern = new RegExp("^[\\p{Script=Latin}\\p{Script=Cyrillic}]+$", "u");
    return typoPattern;
  }

  // A word of basic Latin or Russian lower-case letters, the usual query word, is known Latin or Cyrillic
  // without compiling the Unicode pattern (`charClass` says why).
  var BASIC_LATIN_OR_RUSSIAN = /^(?:[a-z]+|[\u0430-\u044f\u0451]+)$/;

  /** A word typo tolerance applies to: MIN_FUZZY letters or more, all Latin or Cyrillic. */
  function typoWord(chars) {
    if (chars.length < MIN_FUZZY) return false;
    var word = chars.join("");
    return BASIC_LATIN_OR_RUSSIAN.test(word) || typoScript().test(word);
  }

  /**
   * The clauses for a query: [{term, boost, wildcard: bool, units: [unit numbers]}], with
   * `units` (how many units the query has: its words, and in CJK its character pairs and
   * characters) and `unitWeights` (per unit, how much it counts in `coverage`).
   * Every clause is optional (OR); `rank` sums their BM25 scores.
   *
   * A stop word (the language's list: Analyzer's `stopWords`) among other words counts
   * less, in the score (BOOST.stopWord) and in the coverage (STOP_WORD_COVERAGE): in a small
   * help center, "get" or "my" is in few entries, so BM25's idf ranks them as rare words and
   * a buyer's "when do i get my refnd" found the entries saying "get" and "my" before the
   * refund's. Not dropped: they still break ties ("where is my parcel" and "my parcel is
   * late" meet different entries). A query of stop words alone keeps them whole. Measured on
   * the sample: English hard queries 20 -> 21 of 23, held-out 10 -> 14 of 20; Russian
   * unchanged; dropping them (boost 0) lost current hits.
   */
  function queryClauses(query, analyzer) {
    var stem = analyzer.stem;
    var mistyped = 0;  // unknown words so far: the first MAX_TYPO_STEM_WORDS may have their typo's variants stemmed
    var byKey = new Map(), order = [], unit = -1, unitWeights = [], scale = 1;
    function add(term, boost, wildcard) {
      if (!term) return;
      boost *= scale;
      var key = (wildcard ? "*" : "=") + term;
      var clause = byKey.get(key);
      if (clause) {
        clause.boost += boost;
        if (clause.units.indexOf(unit) < 0) clause.units.push(unit);
      } else if (order.length < MAX_QUERY_TERMS) {
        clause = { term: term, boost: boost, wildcard: wildcard, units: [unit] };
        byKey.set(key, clause);
        order.push(clause);
      }
    }
    var list = runs(normalizeFor(query, analyzer.fold));
    var stopWords = analyzer.stopWords;
    function isStopWord(run) { return run.kind !== CJK && stopWords.has(run.chars.join("")); }
    var weakenStopWords = list.some(function (run) { return !isStopWord(run); });
    var characters = [];  // Chinese runs, whose single characters are added once every run's words are in
    list.forEach(function (run, i) {
      var last = i === list.length - 1;
      scale = 1;
      if (run.kind === CJK) {
        if (run.chars.length === 1) {
          unit++;
          add(run.chars[0], BOOST.cjkPrefix, true);
        } else {
          var straddling = analyzer.straddling(run.chars);
          bigrams(run.chars).forEach(function (gram, k) {
            unit++;
            add(gram, straddling[k] ? BOOST.straddling : BOOST.exact, false);
          });
          if (analyzer.characters) characters.push(run.chars);
        }
        return;
      }
      unit++;
      if (weakenStopWords && isStopWord(run)) {
        scale = BOOST.stopWord;
        unitWeights[unit] = STOP_WORD_COVERAGE;
      }
      var word = run.chars.join("");
      var length = run.chars.length;
      var stemmed = stem ? stem(word) : word;
      add(stemmed, BOOST.exact, false);
      if (stem && stemmed.length >= MIN_STEM_PREFIX) add(stemmed, BOOST.stemPrefix, true);
      if (!stem && length >= 5) {
        add(run.chars.slice(0, Math.max(4, length - 2)).join(""), BOOST.loosePrefix, true);
      }
      if (typoWord(run.chars)) {
        // A word the index does not know (nor, for the word being typed, any word it starts)
        // is most likely mistyped: its one-typo neighbours count almost as the word itself.
        var known = analyzer.has(stemmed) || (last && (analyzer.hasPrefix(word) || analyzer.hasPrefix(stemmed)));
        var neighbours = analyzer.typoNeighbours(stemmed, !known, !known && mistyped++ < MAX_TYPO_STEM_WORDS ? word : null);
        neighbours.forEach(function (neighbour) {
          add(neighbour, known ? BOOST.fuzzy : BOOST.typo, false);
        });
        // Two words typed as one ("powerbank", "пауэрбанк"): its halves, when the index knows both.
        if (!known && neighbours.length === 0) {
          analyzer.gluedWords(run.chars).forEach(function (part) { add(part, BOOST.typo, false); });
        }
      }
      if (last) {
        add(word, BOOST.typedPrefix * Math.min(1, length / 3), true);
        if (stem) {
          // A word typed past its stem ("trackin" vs the indexed "track") is no
          // prefix of anything indexed: try it shortened by up to 3 letters.
          for (var k = length - 1; k >= Math.max(4, length - 3); k--) {
            add(run.chars.slice(0, k).join(""), BOOST.backoff, true);
          }
        }
      }
    });
    // Last, and each a unit of its own: the bigrams and words of a long query keep their places
    // under MAX_QUERY_TERMS, and a document sharing only characters covers less of the query.
    scale = 1;
    characters.forEach(function (chars) {
      chars.forEach(function (ch) {
        unit++;
        add(ch, BOOST.character, false);
      });
    });
    order.units = unit + 1;
    order.unitWeights = unitWeights;  // sparse: a unit not in it weighs 1
    return order;
  }

  // ---- the index: files loaded on demand ------------------------------------------

  var FORMAT = "kb-search/6";

  /**
   * What each character of a term's postings text stands for (index.py `NUMBER_DIGITS`): a digit
   * of 0-31 that ends a number, or, 32 above it, one that has more digits after it.
   */
  var NUMBER_DIGITS = "0123456789abcdefghijklmnopqrstuvABCDEFGHIJKLMNOPQRSTUVWXYZwxyz-_";
  var DIGIT_VALUES = new Uint8Array(128);
  for (var digit = 0; digit < NUMBER_DIGITS.length; digit++) DIGIT_VALUES[NUMBER_DIGITS.charCodeAt(digit)] = digit;

  /** Position of the last of the sorted `firsts` that is <= `term` (0 when none is). */
  function shardOf(firsts, term) {
    var low = 0, high = firsts.length;
    while (low < high) {
      var middle = (low + high) >> 1;
      if (firsts[middle] <= term) low = middle + 1; else high = middle;
    }
    return Math.max(0, low - 1);
  }

  /** Positions of the shards (by their sorted first terms) that may hold terms starting with `prefix`. */
  function shardsOfPrefix(firsts, prefix) {
    if (firsts.length === 0) return [];
    var out = [shardOf(firsts, prefix)];
    for (var i = out[0] + 1; i < firsts.length && (firsts[i] < prefix || firsts[i].startsWith(prefix)); i++) out.push(i);
    return out;
  }

  /** Position of the first of the sorted `terms` that is >= `term`. */
  function lowerBound(terms, term) {
    var low = 0, high = terms.length;
    while (low < high) {
      var middle = (low + high) >> 1;
      if (terms[middle] < term) low = middle + 1; else high = middle;
    }
    return low;
  }

  /**
   * The index's terms, read from the term shards an Engine has loaded. A shard not loaded yet
   * is asked for (`engine.need`) and counts as empty: the Engine runs the query again once it
   * is there (see `Engine.search`).
   */
  var NO_TERMS = { terms: [], counts: [] };

  function Dictionary(engine) {
    this.engine = engine;
    this.firsts = engine.meta.terms.first;
  }

  Dictionary.prototype.shard = function (position) {
    if (position >= this.firsts.length) return NO_TERMS;  // an index without terms
    return this.engine.shard("terms", position) || NO_TERMS;
  };

  Dictionary.prototype.has = function (term) {
    var terms = this.shard(shardOf(this.firsts, term)).terms;
    var at = lowerBound(terms, term);
    return at < terms.length && terms[at] === term;
  };

  /** [[term, count], ...] of every term starting with `prefix`, in index order (count: (document, field) pairs). */
  Dictionary.prototype.withPrefix = function (prefix) {
    var out = [], self = this;
    shardsOfPrefix(this.firsts, prefix).forEach(function (position) {
      var shard = self.shard(position);
      for (var i = lowerBound(shard.terms, prefix); i < shard.terms.length && shard.terms[i].startsWith(prefix); i++) {
        out.push([shard.terms[i], shard.counts[i]]);
      }
    });
    return out;
  };

  Dictionary.prototype.hasPrefix = function (prefix) {
    var positions = shardsOfPrefix(this.firsts, prefix);
    for (var p = 0; p < positions.length; p++) {
      var terms = this.shard(positions[p]).terms, at = lowerBound(terms, prefix);
      if (at < terms.length && terms[at].startsWith(prefix)) return true;
    }
    return false;
  };

  /**
   * The terms one typo from `term` may be, in index order: those starting with its first
   * letter (a typo further on) or its second (a letter typed before the word, or the first
   * two swapped): a few term shards, no postings. With `anywhere` (a word the index does not
   * know) and a small dictionary, which travels in the meta: every term, so a typo in the
   * first letter (varranty, барантия) is forgiven too; in a sharded one that would need
   * every term shard, and is given up.
   */
  Dictionary.prototype.typoCandidates = function (term, anywhere) {
    if (anywhere && this.engine.meta.terms.shards) {  // every shard at hand: read through `shard` as any other
      var all = [];
      for (var position = 0; position < this.firsts.length; position++) all.push.apply(all, this.shard(position).terms);
      return all;
    }
    var heads = [term.charAt(0)];
    if (term.length > 1 && term.charAt(1) !== heads[0]) heads.push(term.charAt(1));
    heads.sort();
    var self = this, out = [];
    heads.forEach(function (head) {
      self.withPrefix(head).forEach(function (pair) { out.push(pair[0]); });
    });
    return out;
  };

  /** kind of each document number, from the meta's runs ([["faq", 120], ["warranty", 3]]). */
  function kindOf(runs) {
    var ends = [], kinds = [], end = 0;
    runs.forEach(function (run) { end += run[1]; ends.push(end); kinds.push(run[0]); });
    return function (doc) {
      var low = 0, high = ends.length;
      while (low < high) {
        var middle = (low + high) >> 1;
        if (ends[middle] <= doc) low = middle + 1; else high = middle;
      }
      return kinds[low];
    };
  }

  // A prefix matching more terms than this is narrowed to its most frequent
  // terms: the first character typed (一*, a*) would otherwise score hundreds
  // of terms (on 1,000 synthetic Chinese documents, 一* took 76-120 ms; capped
  // at 20 terms, 20-31 ms; measured on a loaded 2-core machine).
  var MAX_EXPANSION = 20;

  // A prefix whose terms span at most this many posting shards has them loaded with its term shards.
  var MAX_EAGER_SHARDS = 2;

  /**
   * A loaded index of one language: its meta, and `load(name)` -> Promise of what the file `name`
   * (a shard named in the meta) holds. Shards are loaded once, when a query needs them.
   */
  function Engine(meta, load) {
    if (!meta || meta.format !== FORMAT) {
      throw new Error("kb-search: not a " + FORMAT + " index");
    }
    isLetterMarkOrDigit("a");       // fail here, not mid-typing, without \p{...} support
    this.meta = meta;
    this.load = load;
    this.lang = meta.lang;
    this.stemmer = meta.stemmer;
    this.count = meta.count;
    this.kindOf = kindOf(meta.kinds);
    this.files = new Map();      // name -> what it holds, once loaded
    this.pending = new Map();    // name -> Promise, while loading
    this.missing = new Set();    // names asked for by the current attempt and not loaded yet
    this.dictionary = new Dictionary(this);
    this.analyzer = new Analyzer(meta.stemmer, meta.lexicon, meta.fold, this.dictionary, meta.characters,
                                 meta.stopwords);  // fails if the stemmer is missing
  }

  /** The name of shard `number` of `kind` ("terms", "postings", "docs", "answers"): index.py `shard_files`. */
  Engine.prototype.file = function (kind, number) {
    return this.meta.build + "/" + kind + "." + number + ".js";
  };

  /**
   * Shard `number` of `kind` ("terms", "postings", "docs"): from the meta when it holds them (a small
   * index: index.py INLINE_TERM_SHARDS, INLINE_INDEX_CHARS), else from its file: undefined (and the
   * file marked missing) while not loaded.
   */
  Engine.prototype.shard = function (kind, number) {
    var inline = this.meta[kind].shards;
    return inline ? inline[number] : this.need(this.file(kind, number));
  };

  /** What the file `name` holds, or undefined (and it is marked missing) while not loaded. */
  Engine.prototype.need = function (name) {
    var data = this.files.get(name);
    if (data === undefined) this.missing.add(name);
    return data;
  };

  /** Load every file marked missing; resolves when all are there. */
  Engine.prototype.fetchMissing = function () {
    var self = this, names = Array.from(this.missing);
    this.missing = new Set();
    return Promise.all(names.map(function (name) {
      if (!self.pending.has(name)) {
        var promise = Promise.resolve(self.load(name)).then(function (data) {
          if (data === undefined || data === null) throw new Error("kb-search: " + name + " is empty");
          self.files.set(name, data);
          self.pending.delete(name);
        }, function (error) {
          self.pending.delete(name);  // the next query tries again
          throw error;
        });
        self.pending.set(name, promise);
      }
      return self.pending.get(name);
    }));
  };

  /**
   * Run `step` until it no longer needs a file that is not loaded: each run marks what it
   * lacks (`need`), the files are loaded, and it runs again with them. Resolves to its result.
   */
  Engine.prototype.withFiles = function (step) {
    var self = this;
    function attempt() {
      self.missing = new Set();
      var result = step();
      if (self.missing.size === 0) return Promise.resolve(result);
      return self.fetchMissing().then(attempt);
    }
    return Promise.resolve().then(attempt);
  };

  /** The clauses `search` runs for `query` (for debugging and tests): a Promise. */
  Engine.prototype.clauses = function (query) {
    var analyzer = this.analyzer;
    return this.withFiles(function () { return queryClauses(query, analyzer); });
  };

  /**
   * The terms each clause may match: the term itself (`rank` drops it when the index has no
   * postings for it: no term shard is needed for that); for a prefix, every term it starts,
   * narrowed to the MAX_EXPANSION with the most (document, field) pairs when more do (lunr's
   * expansion, and the narrowing kbgen added).
   */
  Engine.prototype.expand = function (clause) {
    if (!clause.wildcard) return [clause.term];
    var found = this.dictionary.withPrefix(clause.term);
    if (found.length > MAX_EXPANSION) {
      found = found.map(function (pair, position) { return [pair[0], pair[1], position]; })
        .sort(function (a, b) { return b[1] - a[1] || a[2] - b[2]; })
        .slice(0, MAX_EXPANSION);
    }
    return found.map(function (pair) { return pair[0]; });
  };

  /** The postings text of `term` (read in `weigh`; "" when the index has no such term), or null while its shard is not loaded. */
  Engine.prototype.postings = function (term) {
    var meta = this.meta.postings;
    if (meta.first.length === 0) return "";  // an index without terms
    var shard = this.shard("postings", shardOf(meta.first, term));
    if (!shard) return null;
    var at = lowerBound(shard.terms, term);
    return at < shard.terms.length && shard.terms[at] === term ? shard.postings[at] : "";
  };

  /**
   * The best `limit` matching documents, best first: [{doc, score}].
   *
   * lunr 2.3.9's score (Index.prototype.query with optional clauses, no pipeline): a term's
   * query weight is the sum of the boosts of the clauses that match it, and a document scores,
   * per field, the dot product of the query weights with its BM25 field weights divided by the
   * query vector's length. The query vector is the same for every field, so the sum over fields
   * is one dot product with the document's weights summed over fields: what the postings hold.
   *
   * That score is then multiplied by the square root of how much of the query the document
   * covers (`coverage`): a long sentence finds the entry that holds most of its words or
   * character pairs, not the one that repeats a common one. (Measured on the sample's hard
   * queries: the square root gained as much as the share itself or its square, and lost none
   * of the short queries' hits, which those did.) Equal scores keep the order in which the
   * documents were first matched (clause by clause), as lunr's did.
   *
   * A query holding a common term ("на" in "гарантия на умные часы", in almost every answer of a
   * large shop, whose postings the index writes dense: index.py `postings_text`) is first weighed
   * for the documents its rarer terms find only, the common term's weights read by document number
   * (`commonTerms`, `weigh`): the same results, at the cost of the rarer terms' postings, when an
   * upper bound proves that no document found by common terms alone reaches them; otherwise every
   * document is weighed.
   *
   * Returns null while a posting shard is missing.
   */
  Engine.prototype.rank = function (clauses, limit) {
    var self = this, weights = new Map(), terms = [];
    clauses.forEach(function (clause) {
      // A prefix's terms are in the posting shards of its range: ask for them now, beside the term
      // shards that tell which terms there are (one round trip less), unless the range is broad.
      if (clause.wildcard) {
        var range = shardsOfPrefix(self.meta.postings.first, clause.term);
        if (range.length <= MAX_EAGER_SHARDS) range.forEach(function (p) { self.shard("postings", p); });
      }
      self.expand(clause).forEach(function (term) {
        if (!weights.has(term)) { weights.set(term, 0); terms.push(term); }
        weights.set(term, weights.get(term) + clause.boost);
      });
    });
    var lists = terms.map(function (term) { return self.postings(term); });
    if (this.missing.size) return null;
    // A term the index does not hold has no postings, and no part in the query vector (lunr's neither).
    terms = terms.filter(function (term, t) { return lists[t].length > 0; });
    lists = lists.filter(function (list) { return list.length > 0; });
    var length = 0;
    terms.forEach(function (term) { length += weights.get(term) * weights.get(term); });
    length = Math.sqrt(length);
    // The query's units a document holding a term covers: those of every clause the term matches (a bit per unit).
    var words = Math.max(1, Math.ceil((clauses.units || 0) / 32));
    var masks = terms.map(function (term) {
      var mask = new Uint32Array(words);
      clauses.forEach(function (c) {
        if (c.wildcard ? term.startsWith(c.term) : term === c.term) {
          c.units.forEach(function (u) { mask[u >> 5] |= 1 << (u & 31); });
        }
      });
      return mask;
    });
    var query = {
      lists: lists, masks: masks, words: words, length: length, limit: limit,
      weights: terms.map(function (term) { return weights.get(term); }),
      units: clauses.units || 0, unitWeights: clauses.unitWeights || []
    };
    var common = commonTerms(lists, masks), attempt = common && this.weigh(query, common);
    if (attempt && !attempt.proven && attempt.best.length === limit) {
      // Not proven: the common terms that let it fail are weighed for everyone, and the others, now
      // known to stay below the last result, are weighed for the candidates only (proven then).
      var fewer = fewerCommonTerms(query, common, attempt);
      if (fewer) attempt = this.weigh(query, fewer);
    }
    return attempt && attempt.proven ? attempt.best : this.weigh(query, null).best;
  };

  // Candidates (`weigh`) more than this share of the index's documents: they are scored as everyone is.
  var MAX_CANDIDATES = 0.5;
  // Common terms are weighed for candidates only (`weigh`) when they hold at least this many documents per
  // character of the other terms' postings: about 9 times as many postings.
  var MIN_GAIN = 3;

  // The first character of a dense postings text (index.py `postings_text`, DENSE_MARK).
  var DENSE_MARK = ".".charCodeAt(0);

  /**
   * The numbers heading a dense postings text: [lowest code, highest code above it, documents holding
   * the term, where the documents' codes begin]; then two characters per document number, base 64, of
   * 0 (not holding the term) or its code above the lowest plus 1 (index.py `postings_text`).
   */
  function denseHead(text) {
    var out = [], number = 0;
    for (var k = 1; out.length < 3; k++) {
      var value = DIGIT_VALUES[text.charCodeAt(k)];
      number = number * 32 + (value & 31);
      if (value < 32) { out.push(number); number = 0; }
    }
    out.push(k);
    return out;
  }

  /**
   * Which of a query's terms (`lists`: their postings texts; `masks`: their units) are common, as a flag
   * per term, or null when none is: those the index writes dense (a term in most documents), but no two
   * sharing a unit (`weigh` counts a unit's documents outside the candidates from one common term).
   */
  function commonTerms(lists, masks) {
    var common = new Uint8Array(lists.length), taken = new Uint32Array(masks.length ? masks[0].length : 0), any = false;
    for (var t = 0; t < lists.length; t++) {
      if (lists[t].charCodeAt(0) !== DENSE_MARK) continue;
      var free = true, w;
      for (w = 0; w < taken.length; w++) free = free && (taken[w] & masks[t][w]) === 0;
      if (!free) continue;
      for (w = 0; w < taken.length; w++) taken[w] |= masks[t][w];
      common[t] = 1;
      any = true;
    }
    return any ? common : null;
  }

  /**
   * After an attempt (`weigh`) with the common terms `common` that did not prove its results: the common
   * terms the results' last score proves can be weighed for candidates only, or null when none can. The
   * bounds and the units' weights are those of that attempt: with more candidates, the last result scores
   * no less, and the weights of the units are the same (they count every document), so the next attempt proves.
   */
  function fewerCommonTerms(query, common, attempt) {
    var last = attempt.best[query.limit - 1].score, kept = new Uint8Array(common.length), any = false;
    var outsiders = [];
    for (var t = 0; t < common.length; t++) if (common[t] && attempt.highest[t] >= 0) outsiders.push(t);
    outsiders.sort(function (a, b) { return attempt.highest[a] - attempt.highest[b] || a - b; });
    outsiders.forEach(function (term) {
      kept[term] = 1;
      if (outsideBound(query, attempt.highest, kept, attempt) < last) any = true; else kept[term] = 0;
    });
    return any ? kept : null;
  }

  /**
   * An upper bound of the score of a document found by the terms flagged in `flags` alone: `highest`,
   * the highest weight each gives a document, summed, times the square root of the coverage share of
   * all their units (`units`: `coverage`'s weight and total). Summed in the order a document's score
   * and share are (the same rounding), then raised by far more than rounding could take.
   */
  function outsideBound(query, highest, flags, units) {
    var dot = 0, reach = new Uint32Array(query.words), share = 0, t, w;
    for (t = 0; t < highest.length; t++) {
      if (!flags[t] || highest[t] < 0) continue;
      dot += highest[t];
      for (w = 0; w < query.words; w++) reach[w] |= query.masks[t][w];
    }
    for (var u = 0; u < query.units; u++) if (reach[u >> 5] & (1 << (u & 31))) share += units.weight[u];
    share = units.total === 0 ? 1 : share / units.total;
    return dot / query.length * Math.sqrt(share) * (1 + 1e-9);
  }

  /**
   * The best `query.limit` documents for the query `rank` prepared, best first: {best: [{doc, score}],
   * proven, highest, weight, total}.
   *
   * Without `common`, every document is scored: proven. With `common` (a flag per term, `commonTerms`),
   * only the candidates are: the documents of the other terms, and those of the common terms holding
   * the fewest documents (no longer flagged common) while they are fewer than `limit`; each common
   * term adds its weight to them, found by their numbers in its dense postings. Such results are proven
   * to be the ones scoring every document gives when an upper bound of the score of any other document,
   * one found by common terms alone (`outsideBound`), is below the last result's. For that bound, per
   * term, `highest`: the highest weight it gives a document (-1: none outside the candidates); per unit
   * of the query, `weight`, and their `total` (`coverage`): every document covering a unit is counted
   * for its weight, candidate or not. The candidates' scores are summed in the same order as when every
   * document is scored, and they are met in the same order: the scores shown are the same numbers, and
   * documents of equal score keep their order. Null when the candidates would be every document the
   * query finds, or most of the index.
   */
  Engine.prototype.weigh = function (query, common) {
    var count = this.count, lists = query.lists, words = query.words, limit = query.limit;
    var floor = this.meta.weights.floor, step = this.meta.weights.step;
    var t, k, u, doc, value, number, text, candidate = null, candidates = [];
    if (common) {
      // Worth it when the common terms hold many more postings than the others (a posting takes about 3
      // characters): else the candidates are most of what the query finds, and every document is scored.
      var commonDocuments = 0, otherCharacters = 0;
      for (t = 0; t < lists.length; t++) {
        if (common[t]) commonDocuments += denseHead(lists[t])[2]; else otherCharacters += lists[t].length;
      }
      if (commonDocuments < MIN_GAIN * otherCharacters) return null;
      common = common.slice();
      candidate = new Uint8Array(count);
      // The candidates: the documents of the terms not flagged common (numbers read as in the scoring loop
      // below), then of the common terms holding the fewest documents while they are fewer than `limit`.
      for (var marking = true, fewest = -1; marking; ) {
        for (t = 0; t < lists.length; t++) {
          if (fewest >= 0 ? t !== fewest : common[t]) continue;
          text = lists[t];
          if (text.charCodeAt(0) === DENSE_MARK) {
            for (k = denseHead(text)[3], doc = 0; k + 1 < text.length; k += 2, doc++) {
              if ((DIGIT_VALUES[text.charCodeAt(k)] | DIGIT_VALUES[text.charCodeAt(k + 1)]) && !candidate[doc]) {
                candidate[doc] = 1;
                candidates.push(doc);
              }
            }
            continue;
          }
          for (k = 0, doc = 0, number = 0, value = 0, u = 0; k < text.length; k++) {
            value = DIGIT_VALUES[text.charCodeAt(k)];
            number = number * 32 + (value & 31);
            if (value >= 32) continue;
            if (u++ % 2 === 1) {  // a gap (the numbers: the lowest code, then per document its gap and its code)
              doc += number;
              if (!candidate[doc]) { candidate[doc] = 1; candidates.push(doc); }
            }
            number = 0;
          }
        }
        fewest = -1;
        if (candidates.length < limit) {
          for (t = 0; t < lists.length; t++) {
            if (common[t] && (fewest < 0 || denseHead(lists[t])[2] < denseHead(lists[fewest])[2])) fewest = t;
          }
          if (fewest < 0) return null;
          common[fewest] = 0;
        }
        marking = fewest >= 0;
      }
      if (common.indexOf(1) < 0 || candidates.length > count * MAX_CANDIDATES) return null;
      candidates = Int32Array.from(candidates).sort();  // a common term meets them in the order of its postings
    }
    // Per document: its score, the units it covers, whether it was matched; `order`: the candidates
    // (every document, without `common`) in the order they were first matched, clause by clause.
    // Typed arrays over the document numbers: at 10,000 entries a common word has thousands of postings.
    var score = new Float64Array(count), covered = new Uint32Array(count * words), seen = new Uint8Array(count);
    var order = [];
    // The documents outside the candidates covering each unit, and per term the highest weight it may give one of them.
    var outside = new Array(query.units).fill(0), highest = lists.map(function () { return -1; });
    // Per term, one closure, as before the dense layout: a first query runs these loops cold. (In node,
    // a loop in a small function of its own was compiled for several ms after a few thousand postings;
    // one in `weigh` itself ran uncompiled for tens of ms.)
    lists.forEach(function (text, t) {
      // A posting's weight is floor * e^(step * code) (index.py `weight_codes`), times the term's query weight.
      var weight = query.weights[t] * floor, mask = query.masks[t], lowest = -1, k, w, doc, value;
      if (text.charCodeAt(0) === DENSE_MARK) {
        // A dense text (`denseHead`): a document's code at 2 characters per document number; a common
        // term's read for the candidates only, another's for every document.
        var head = denseHead(text), start = head[3], inside = 0, some = candidate !== null && common[t] === 1;
        lowest = head[0];
        // A posting's weight per code (the same number as computed per posting): its codes are few, its
        // postings thousands, and Math.exp per posting made the whole read slower than the sparse one.
        var weightOf = new Float64Array(head[1] + 2);
        for (value = 1; value < weightOf.length; value++) weightOf[value] = weight * Math.exp(step * (lowest + value - 1));
        if (some) {
          for (var i = 0; i < candidates.length; i++) {
            doc = candidates[i];
            k = start + 2 * doc;
            if (k + 1 >= text.length) break;
            value = DIGIT_VALUES[text.charCodeAt(k)] * 64 + DIGIT_VALUES[text.charCodeAt(k + 1)];
            if (value === 0) continue;
            inside++;
            if (!seen[doc]) { seen[doc] = 1; order.push(doc); }
            score[doc] += weightOf[value];
            for (w = 0; w < words; w++) covered[doc * words + w] |= mask[w];
          }
        } else {
          // Read whole, every document in turn: the loop the sparse reader runs, without its gaps.
          for (k = start, doc = 0; k + 1 < text.length; k += 2, doc++) {
            value = DIGIT_VALUES[text.charCodeAt(k)] * 64 + DIGIT_VALUES[text.charCodeAt(k + 1)];
            if (value === 0) continue;
            if (!seen[doc]) { seen[doc] = 1; order.push(doc); }
            score[doc] += weightOf[value];
            for (w = 0; w < words; w++) covered[doc * words + w] |= mask[w];
          }
        }
        if (some && head[2] > inside) {
          // Its documents outside the candidates: each unit it covers is theirs alone (`commonTerms`).
          highest[t] = weight * Math.exp(step * (lowest + head[1]));
          for (var u = 0; u < query.units; u++) if (mask[u >> 5] & (1 << (u & 31))) outside[u] += head[2] - inside;
        }
        return;
      }
      // A sparse text (index.py `postings_text`), not a common term's (all its documents are
      // candidates): numbers in base 32, a digit of DIGIT_VALUES 0-31 ending one, 32-63 having more after
      // it; the term's lowest weight code, then per document the gap from the previous one and its code
      // above the lowest. Read in one loop, not through a function called per posting: a first query
      // runs this code cold (in node, a cold Russian query at 10,000 entries: 41 -> 30 ms).
      var gap = -1, number = 0;
      for (k = 0, doc = 0; k < text.length; k++) {
        value = DIGIT_VALUES[text.charCodeAt(k)];
        number = number * 32 + (value & 31);
        if (value >= 32) continue;
        if (lowest < 0) {
          lowest = number;
        } else if (gap < 0) {
          gap = number;
        } else {
          doc += gap;
          gap = -1;
          if (!seen[doc]) { seen[doc] = 1; order.push(doc); }
          score[doc] += weight * Math.exp(step * (lowest + number));
          for (w = 0; w < words; w++) covered[doc * words + w] |= mask[w];
        }
        number = 0;
      }
    });
    var units = coverage(order, covered, words, outside, query.unitWeights, count);
    // The best `limit`, by score, then by first match (a later document must score more to pass an earlier one).
    var best = [];
    order.forEach(function (doc, position) {
      var value = score[doc] / query.length * Math.sqrt(units.share[position]);
      if (best.length === limit && !(value > best[limit - 1].score)) return;
      var at = best.length;
      while (at > 0 && value > best[at - 1].score) at--;
      best.splice(at, 0, { doc: doc, score: value });
      if (best.length > limit) best.pop();
    });
    var proven = !common || (best.length === limit && outsideBound(query, highest, common, units) < best[limit - 1].score);
    return { best: best, proven: proven, highest: highest, weight: units.weight, total: units.total };
  };

  /**
   * Per matching document (`order`; `covered`: `words` 32-bit words of unit bits per document
   * number), the share of the query it covers, between 0 and 1: {share (per document of
   * `order`), weight (per unit), total (of the weights)}. `outside`: per unit, how many more
   * documents (not in `order`) cover it.
   *
   * The query's units are its words and, in CJK, its character pairs (`queryClauses`); a
   * document covers a unit when it holds a term of one of the unit's clauses. Each unit
   * weighs by its rarity among the documents (BM25's idf, over the documents that cover it),
   * so a pair such as 什么 or a word such as "my", which many entries hold, counts little,
   * and the unit's weight is shared by all its covering documents; it is then scaled by
   * `unitWeights` (a stop word among other words: `queryClauses`). Units no document covers
   * (a word the shop never uses) are left out: they cannot tell documents apart.
   */
  function coverage(order, covered, words, outside, unitWeights, documentCount) {
    // A document's units are the set bits of its words in `covered`, lowest first.
    var frequency = outside.slice(), doc, w, bits;
    for (var i = 0; i < order.length; i++) {
      for (doc = order[i], w = 0; w < words; w++) {
        for (bits = covered[doc * words + w]; bits !== 0; bits &= bits - 1) frequency[w * 32 + 31 - Math.clz32(bits & -bits)]++;
      }
    }
    var weight = frequency.map(function (n, u) {
      var scale = unitWeights[u] === undefined ? 1 : unitWeights[u];
      return n === 0 ? 0 : scale * Math.log(1 + (documentCount - n + 0.5) / (n + 0.5));
    });
    var total = weight.reduce(function (sum, w) { return sum + w; }, 0);
    var share = new Float64Array(order.length);
    for (var j = 0; j < order.length; j++) {
      if (total === 0) { share[j] = 1; continue; }
      var sum = 0;
      for (doc = order[j], w = 0; w < words; w++) {
        for (bits = covered[doc * words + w]; bits !== 0; bits &= bits - 1) sum += weight[w * 32 + 31 - Math.clz32(bits & -bits)];
      }
      share[j] = sum / total;
    }
    return { share: share, weight: weight, total: total };
  }

  /** The document {id, title, url, snippet, kind} of number `doc`, or undefined while its shard is missing. */
  Engine.prototype.document = function (doc) {
    var shard = this.shard("docs", Math.floor(doc / this.meta.docs.per));
    var stored = shard && shard[doc % this.meta.docs.per];  // [id, title, url, snippet] (index.py `_store_entry`)
    return stored && { id: stored[0], title: stored[1], url: stored[2], snippet: stored[3], kind: this.kindOf(doc) };
  };

  /**
   * The best `limit` (default 10) results for what the buyer typed so far, best first: a Promise
   * of [{id, title, url, snippet, kind, doc, score}] (`doc`: the document's number, for `answer`).
   * Loads the term shards the query's words need, then the posting shards of the terms it
   * scores, then the document shards of the results (none of them for a small index, which its meta holds).
   *
   * Every clause is optional, so a document matching any part of the query is a result
   * (never an empty list while something matches). `firstKinds`: results of these kinds come
   * before the others among the best max(5 x limit, 50) (the handbook: procedures first).
   */
  Engine.prototype.search = function (query, limit, firstKinds) {
    var self = this;
    limit = limit || 10;
    var ranked = null;
    return this.withFiles(function () {
      // One pass asks for every file it can tell it needs (term shards for the words, posting
      // shards for the exact terms and the prefixes' terms found so far); the next has them.
      var clauses = queryClauses(query || "", self.analyzer);
      ranked = clauses.length ? self.rank(clauses, firstKinds && firstKinds.length ? Math.max(limit * 5, 50) : limit) : [];
    }).then(function () {
      var top = ranked;
      if (firstKinds && firstKinds.length) {
        var first = top.filter(function (r) { return firstKinds.indexOf(self.kindOf(r.doc)) >= 0; });
        var rest = top.filter(function (r) { return firstKinds.indexOf(self.kindOf(r.doc)) < 0; });
        top = first.concat(rest);
      }
      top = top.slice(0, limit);
      return self.withFiles(function () {
        return top.map(function (r) {
          var result = Object.assign({}, self.document(r.doc));
          result.doc = r.doc;
          result.score = r.score;
          return result;
        });
      });
    });
  };

  /** A Promise of the answer HTML of document number `doc` (the widget shows it inline), or null. */
  Engine.prototype.answer = function (doc) {
    var answers = this.meta.answers;
    if (!answers) return Promise.resolve(null);
    var self = this, name = this.file("answers", Math.floor(doc / answers.per));
    return this.withFiles(function () {
      var shard = self.need(name);
      return shard ? shard[doc % answers.per] : null;
    });
  };

  var KbSearch = {
    /** The stemmers' lunr (lunr-shim.js with lunr.stemmer or lunr-languages), set by the bundle. */
    lunr: null,
    /** An Engine from `load` (see Engine): loads "meta.js" first. */
    open: function (load) {
      return Promise.resolve(load("meta.js")).then(function (meta) { return new Engine(meta, load); });
    },
    Engine: Engine,
    normalize: normalize,
    normalizeFor: function (text, fold) { return normalizeFor(text, foldTable(fold)); },
    charClass: charClass,
    tokenize: tokenize,
    stemmerFor: stemmerFor,
    queryClauses: queryClauses,
    BOOST: BOOST,
    FORMAT: FORMAT
  };

  // Loaded as a module (the bundle: bundle_script), exported; loaded on its own, a global.
  if (typeof module === "object" && module && module.exports) module.exports = KbSearch;
  else root.KbSearch = KbSearch;
})(typeof window !== "undefined" ? window : globalThis);
