/*
 * kb-search.js: the help center's search engine, in the browser.
 *
 * Serves both the site's search box and the shop-page widget. Needs lunr.js
 * 2.3.9 (and, for a stemmed language, lunr.stemmer.support.js plus
 * lunr.<code>.js from lunr-languages) loaded first, or `KbSearch.lunr` set.
 *
 *   KbSearch.load("index.ru.json").then(function (engine) {
 *     engine.search("гарантия", 10)   // -> [{id, title, url, snippet, kind, html?, score}]
 *   });
 *
 * The index is prebuilt per language in Python (generator/search/index.py).
 * The tokenizer below is the twin of generator/search/tokenize.py: the query
 * must be cut into exactly the terms the index was built from, so every step
 * and every table here has its equal there, and the tests compare the two.
 * No lunr pipeline runs on the query: the clauses are built here.
 *
 * Plain ES2017 plus one ES2018 feature (Unicode property escapes, built at
 * run time so an older browser gets an error from `load`, not a broken page).
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

  function getLunr() {
    var lunr = KbSearch.lunr || root.lunr;
    if (!lunr) throw new Error("kb-search: lunr.js is not loaded");
    return lunr;
  }

  var stemmerCache = new Map();

  /**
   * The stem function for an index's `stemmer` value: null = no stemming,
   * "" = lunr.js's English stemmer, "ru" = lunr.ru.stemmer (lunr-languages).
   */
  function stemmerFor(name) {
    if (name === null || name === undefined) return null;
    if (stemmerCache.has(name)) return stemmerCache.get(name);
    var lunr = getLunr();
    var pipelineFn = name === "" ? lunr.stemmer : (lunr[name] && lunr[name].stemmer);
    if (typeof pipelineFn !== "function") {
      throw new Error("kb-search: the index needs the stemmer from lunr." + name +
                      ".js (lunr-languages), which is not loaded");
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
    stemmerCache.set(name, fn);
    return fn;
  }

  /** Index terms of `text` (tokenize.tokenize); `stemmer` as in stemmerFor, `fold` an index's `fold` pairs. */
  function tokenize(text, stemmer, fold) {
    var stem = stemmerFor(stemmer), tokens = [];
    runs(normalizeFor(text, foldTable(fold))).forEach(function (run) {
      if (run.kind === CJK) {
        Array.prototype.push.apply(tokens, bigrams(run.chars));
      } else {
        var word = run.chars.join("");
        tokens.push(stem ? stem(word) : word);
      }
    });
    return tokens;
  }

  // ---- the query ----------------------------------------------------------------

  // Clause boosts. lunr scores a document by the sum, over matched terms, of the
  // clause boost times the term's BM25 weight in the field (field boosts are in
  // the weights). An exact term also matches its own prefix clause, so exact
  // matches outrank prefix expansions.
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
    straddling: 0.3   // a CJK bigram across the edge of a known word (see straddling)
  };
  var MIN_FUZZY = 5;
  var MAX_TYPO_NEIGHBOURS = 5;
  var MAX_QUERY_TERMS = 40;
  var MIN_STEM_PREFIX = 3;

  /**
   * How an Engine reads queries: its stemmer, its lexicon and its fold table.
   * `stemmer` as in stemmerFor; `lexicon` is the index's list of CJK words (the
   * sellers' keywords, see index.py); `fold` the index's Traditional ->
   * Simplified pairs (Chinese indexes only).
   *
   * Stop words are NOT filtered or weakened: measured on a 25-entry help
   * center, weakening lunr-languages' stop words cost Russian queries
   * ("где моя посылка", "кто платит за возврат") more than it gained in
   * English; BM25's idf already makes frequent words count little.
   */
  function Analyzer(stemmer, lexicon, fold, terms) {
    this.stem = stemmerFor(stemmer);
    this.terms = terms || [];  // the index's terms, in UTF-16 order (index.py)
    this.known = new Set(this.terms);
    this.neighbourMemo = new Map();
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

  /** Whether some index term starts with `prefix` (the terms are sorted). */
  Analyzer.prototype.hasPrefix = function (prefix) {
    var terms = this.terms, low = 0, high = terms.length;
    while (low < high) {
      var middle = (low + high) >> 1;
      if (terms[middle] < prefix) low = middle + 1; else high = middle;
    }
    return low < terms.length && terms[low].startsWith(prefix);
  };

  /**
   * The index terms one typo away from `term` (at most MAX_TYPO_NEIGHBOURS, in index order):
   * one letter inserted, deleted or replaced, or two neighbouring letters swapped. Only for
   * Latin and Cyrillic words (see typoWord), whose letters are single UTF-16 units.
   */
  Analyzer.prototype.typoNeighbours = function (term) {
    var found = this.neighbourMemo.get(term);
    if (found) return found;
    found = [];
    for (var i = 0; i < this.terms.length && found.length < MAX_TYPO_NEIGHBOURS; i++) {
      if (oneTypoApart(term, this.terms[i])) found.push(this.terms[i]);
    }
    this.neighbourMemo.set(term, found);
    return found;
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
      if (this.known.has(head) && this.known.has(tail)) return [head, tail];
    }
    return [];
  };

  var typoPattern = null;
  /** A word typo tolerance applies to: MIN_FUZZY letters or more, all Latin or Cyrillic. */
  function typoWord(chars) {
    if (chars.length < MIN_FUZZY) return false;
    if (typoPattern === null) typoPattern = new RegExp("^[\\p{Script=Latin}\\p{Script=Cyrillic}]+$", "u");
    return typoPattern.test(chars.join(""));
  }

  /**
   * The lunr clauses for a query: [{term, boost, wildcard: bool, units: [unit numbers]}].
   * Every clause is optional (OR); lunr ranks by the summed BM25 scores.
   */
  function queryClauses(query, analyzer) {
    var stem = analyzer.stem;
    var byKey = new Map(), order = [], unit = -1;
    function add(term, boost, wildcard) {
      if (!term) return;
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
    list.forEach(function (run, i) {
      var last = i === list.length - 1;
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
        }
        return;
      }
      unit++;
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
        var known = analyzer.known.has(stemmed) || (last && (analyzer.hasPrefix(word) || analyzer.hasPrefix(stemmed)));
        var neighbours = analyzer.typoNeighbours(stemmed);
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
    order.units = unit + 1;
    return order;
  }

  // ---- the index ----------------------------------------------------------------

  var FORMAT = "kb-search/1";

  /** lunr's own serialised index from our compact "kb-search/1" form (see index.py). */
  function expandIndex(data) {
    var fields = data.fields, terms = data.terms;
    var postings = terms.map(function (term, i) {
      var posting = { _index: i };
      fields.forEach(function (f) { posting[f] = {}; });
      return posting;
    });
    var fieldVectors = [];
    data.vectors.forEach(function (perField, docPosition) {
      var ref = String(docPosition);
      perField.forEach(function (elements, f) {
        for (var k = 0; k < elements.length; k += 2) postings[elements[k]][fields[f]][ref] = {};
        fieldVectors.push([fields[f] + "/" + ref, elements]);
      });
    });
    return {
      version: "2.3.9",
      fields: fields,
      fieldVectors: fieldVectors,
      invertedIndex: terms.map(function (term, i) { return [term, postings[i]]; }),
      pipeline: []
    };
  }

  /** A loaded index of one language. */
  function Engine(data) {
    if (!data || data.format !== FORMAT) {
      throw new Error("kb-search: not a " + FORMAT + " index");
    }
    isLetterMarkOrDigit("a");       // fail here, not mid-typing, without \p{...} support
    this.analyzer = new Analyzer(data.stemmer, data.lexicon, data.fold, data.terms);  // fails if the stemmer is missing
    this.lang = data.lang;
    this.stemmer = data.stemmer;
    this.docs = data.docs;
    this.terms = data.terms;  // sorted by UTF-16 code units (index.py), as lunr.js requires
    this.index = getLunr().Index.load(expandIndex(data));
    this.postingCounts = new Map();
  }

  // A prefix matching more terms than this is narrowed to its most frequent
  // terms: the first character typed (一*, a*) would otherwise score hundreds
  // of terms (on 1,000 synthetic Chinese documents, 一* took 76-120 ms; capped
  // at 20 terms, 20-31 ms; measured on a loaded 2-core machine).
  var MAX_EXPANSION = 20;

  /**
   * null when lunr may expand `prefix` itself (few terms start with it), else
   * the MAX_EXPANSION terms starting with it that occur in the most fields.
   */
  Engine.prototype.narrowPrefix = function (prefix) {
    var terms = this.terms, low = 0, high = terms.length;
    while (low < high) {
      var middle = (low + high) >> 1;
      if (terms[middle] < prefix) low = middle + 1; else high = middle;
    }
    var end = low;
    while (end < terms.length && terms[end].startsWith(prefix)) end++;
    if (end - low <= MAX_EXPANSION) return null;
    var self = this;
    return terms.slice(low, end).map(function (term) {
      return [term, self.postingCount(term)];
    }).sort(function (a, b) { return b[1] - a[1]; })
      .slice(0, MAX_EXPANSION)
      .map(function (pair) { return pair[0]; });
  };

  /** How many (document, field) pairs hold `term`. */
  Engine.prototype.postingCount = function (term) {
    var count = this.postingCounts.get(term);
    if (count === undefined) {
      var posting = this.index.invertedIndex[term];
      count = 0;
      this.index.fields.forEach(function (field) { count += Object.keys(posting[field]).length; });
      this.postingCounts.set(term, count);
    }
    return count;
  };

  /** The lunr clauses `search` runs for `query` (for debugging and tests). */
  Engine.prototype.clauses = function (query) {
    return queryClauses(query, this.analyzer);
  };

  /**
   * The best `limit` (default 10) results for what the buyer typed so far:
   * [{id, title, url, snippet, kind, html?, score}], best first.
   *
   * Every clause is optional, so a document matching any part of the query is a result
   * (never an empty list while something matches). lunr's BM25 sum is then multiplied by the
   * square root of how much of the query each document covers (`coverage`): a long sentence
   * finds the entry that holds most of its words or character pairs, not the one that repeats
   * a common one. (Measured on the sample's hard queries: the square root gained as much as the
   * share itself or its square, and lost none of the short queries' hits, which those did.)
   */
  Engine.prototype.search = function (query, limit) {
    var clauses = this.clauses(query || "");
    if (clauses.length === 0) return [];
    var lunr = getLunr(), self = this;
    var matches = this.index.query(function (q) {
      clauses.forEach(function (c) {
        var narrowed = c.wildcard ? self.narrowPrefix(c.term) : null;
        if (narrowed) {
          q.term(narrowed, { boost: c.boost, usePipeline: false });
          return;
        }
        q.term(c.term, {
          boost: c.boost,
          usePipeline: false,
          wildcard: c.wildcard ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE
        });
      });
    });
    var covered = coverage(matches, clauses, this.docs.length);
    var ranked = matches.map(function (match, position) {
      return { match: match, score: match.score * Math.sqrt(covered[position]), position: position };
    }).sort(function (a, b) { return b.score - a.score || a.position - b.position; });
    var docs = this.docs;
    return ranked.slice(0, limit || 10).map(function (entry) {
      var result = Object.assign({}, docs[Number(entry.match.ref)]);
      result.score = entry.score;
      return result;
    });
  };

  /**
   * Per match (lunr's results), the share of the query it covers, between 0 and 1.
   *
   * The query's units are its words and, in CJK, its character pairs (`queryClauses`); a
   * document covers a unit when it holds a term of one of the unit's clauses. Each unit
   * weighs by its rarity among the documents (BM25's idf, over the documents that cover it),
   * so a pair such as 什么 or a word such as "my", which many entries hold, counts little,
   * and the unit's weight is shared by all its covering documents. Units no document covers
   * (a word the shop never uses) are left out: they cannot tell documents apart.
   */
  function coverage(matches, clauses, documentCount) {
    var unitCount = clauses.units || 0;
    var coveredBy = matches.map(function (match) {
      var units = new Set();
      Object.keys(match.matchData.metadata).forEach(function (term) {
        clauses.forEach(function (c) {
          if (c.wildcard ? term.startsWith(c.term) : term === c.term) c.units.forEach(function (u) { units.add(u); });
        });
      });
      return units;
    });
    var frequency = new Array(unitCount).fill(0);
    coveredBy.forEach(function (units) { units.forEach(function (u) { frequency[u]++; }); });
    var weight = frequency.map(function (n) {
      return n === 0 ? 0 : Math.log(1 + (documentCount - n + 0.5) / (n + 0.5));
    });
    var total = weight.reduce(function (sum, w) { return sum + w; }, 0);
    return coveredBy.map(function (units) {
      if (total === 0) return 1;
      var sum = 0;
      units.forEach(function (u) { sum += weight[u]; });
      return sum / total;
    });
  }

  var KbSearch = {
    /** Set this to a lunr object to use instead of the global `lunr`. */
    lunr: null,
    /** Fetch an index file and resolve to an Engine. */
    load: function (url, fetchOptions) {
      return root.fetch(url, fetchOptions).then(function (response) {
        if (!response.ok) throw new Error("kb-search: " + url + ": HTTP " + response.status);
        return response.json();
      }).then(function (data) { return new Engine(data); });
    },
    /** An Engine from an index object already in memory. */
    fromData: function (data) { return new Engine(data); },
    Engine: Engine,
    normalize: normalize,
    normalizeFor: function (text, fold) { return normalizeFor(text, foldTable(fold)); },
    charClass: charClass,
    tokenize: tokenize,
    stemmerFor: stemmerFor,
    Analyzer: Analyzer,
    queryClauses: queryClauses,
    expandIndex: expandIndex,
    BOOST: BOOST,
    FORMAT: FORMAT
  };

  // Loaded as a module (the bundle: bundle_script), exported; loaded on its own, a global.
  if (typeof module === "object" && module && module.exports) module.exports = KbSearch;
  else root.KbSearch = KbSearch;
})(typeof window !== "undefined" ? window : globalThis);
