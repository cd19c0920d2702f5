/*
 * kb-search-box.js: what the site's search box and the shop-page widget share.
 *
 * Not loaded on its own: render/shared/site_search/__init__.py (site) and render/widget/__init__.py
 * (widget) paste it into their script, inside one function, after the words of
 * the box (`KB_SEARCH_CONFIG` / `KB_WIDGET_CONFIG`) and before their own glue.
 *
 * A SearchBox wires an <input type="search"> to a results list:
 * - the engine and the index's meta are loaded on first use (focus, a touch, or typing),
 *   not with the page; what is typed meanwhile is searched as soon as they are there;
 *   each query then loads the shards it needs (generator/search/index.py), and its results
 *   are shown unless a later query's already are;
 * - every `input` event searches at once (no debounce: a query takes a few ms even
 *   at 10,000 entries once its shards are there), except while an input method composes Latin letters
 *   (pinyin, romaji: "bao" is not the query yet); Hangul being composed IS
 *   searched, the engine drops a lone jamo;
 * - `keyup` searches again if the value changed without an `input` event;
 * - keyboard: ArrowDown from the box to the first result, ArrowUp/ArrowDown
 *   between results (ArrowUp from the first back to the box), Enter in the box
 *   opens the first result, Escape clears the box (or, in the results, returns to it);
 * - the result count is written into a live region, so screen readers say it;
 * - after each render the input fires `kb-search:results` (detail: query, count,
 *   ids), and the results list gets `data-kb-query`: tests and the benchmark wait on it.
 */

/**
 * Load one of kbgen's scripts that hand something over (a search bundle,
 * `kb-search.<lang>.bundle.js`: its engine; a file of the index: its data) and
 * resolve to it. Such a script sets no global on the page (the widget runs on shop
 * pages): while it runs it fires `eventName` on `document`, with the detail
 * `{src: its own URL, payload: what it hands over}` (generator/search/index.py
 * `bundle_script`, `data_script`). Scripts, not fetch(): the widget reads the help
 * center from a shop's host (no CORS needed), the handbook from disk (no fetch() there).
 */
function loadHandedOver(url, eventName) {
  return new Promise(function (resolve, reject) {
    var script = document.createElement("script");
    script.src = url;
    // As the script names itself (document.currentScript.src): read once, a URL parsed on each read.
    var src = script.src, waiting = scriptsAwaited(eventName);
    var received = false, payload;
    function receive(detail) { received = true; payload = detail.payload; }
    function done() {
      var receivers = waiting.get(src);
      receivers.splice(receivers.indexOf(receive), 1);
      if (receivers.length === 0) waiting.delete(src);
    }
    if (!waiting.has(src)) waiting.set(src, []);
    waiting.get(src).push(receive);
    script.async = true;
    script.charset = "utf-8";
    script.onload = function () {
      done();
      if (received) resolve(payload);
      else reject(new Error("kb-search: " + url + " handed nothing over"));
    };
    script.onerror = function () {
      done();
      reject(new Error("kb-search: cannot load " + url));
    };
    (document.head || document.documentElement).appendChild(script);
  });
}

/**
 * The scripts awaited for `eventName` (`loadHandedOver`): src -> the receivers of what it hands over. One
 * listener per event hands each script's payload to its own receivers: a first query loads some fifteen
 * files at once, and a listener per file, each reading its script's URL, made that work grow with their square.
 */
var handedOverTo = {};
function scriptsAwaited(eventName) {
  if (!handedOverTo[eventName]) {
    var waiting = handedOverTo[eventName] = new Map();
    document.addEventListener(eventName, function (event) {
      var receivers = event.detail && waiting.get(event.detail.src);
      if (receivers) receivers.slice().forEach(function (receive) { receive(event.detail); });
    });
  }
  return handedOverTo[eventName];
}

/**
 * The search engine of `lang` over the index in `folder` (the URL of a site's `search/`): its
 * bundle and its meta, loaded side by side with `?v=version` (a new build is never mixed with a
 * cached old one; the shards are in a folder the meta names), then each shard when a query needs it.
 */
function openSearch(folder, lang, version) {
  var suffix = "?v=" + encodeURIComponent(version);
  var languageFolder = new URL(lang + "/", folder);
  function load(name) {
    return loadHandedOver(new URL(name === "meta.js" ? name + suffix : name, languageFolder).href, "kbgen:search-data");
  }
  var meta = load("meta.js");
  meta.catch(function () {});  // reported by `open` below, unless the engine failed first
  return loadHandedOver(new URL("kb-search." + lang + ".bundle.js" + suffix, folder).href, "kbgen:search-engine")
    .then(function (KbSearch) {
      return KbSearch.open(function (name) { return name === "meta.js" ? meta : load(name); });
    });
}

/**
 * @param {object} options
 *   input: the <input type="search">; results: the list element; status: the live region;
 *   lang: BCP 47 code (plural rules); text: the words (see site_search/__init__.py);
 *   load: () => Promise<engine> (called once; `openSearch`); limit: results shown;
 *   firstKinds: kinds of results put before the others (the handbook's procedures);
 *   renderItem: (result, position) => <li> holding one `a.<linkClass>`;
 *   linkClass: the class of result links; onVisible(bool): show or hide the results area;
 *   renderNoResult: optional, () => <li> shown in the list when a query finds nothing (the shop's
 *   contact channels: `contactChannels`).
 */
function SearchBox(options) {
  this.options = options;
  this.input = options.input;
  this.results = options.results;
  this.status = options.status;
  this.engine = null;
  this.loading = null;
  this.failed = false;
  this.lastQuery = null;
  this.searches = 0;  // queries started; the results of each are shown unless a later one's already are
  this.shown = 0;     // the number of the query whose results are shown
  this.count = 0;
  this.plural = null;
  try {
    this.plural = new Intl.PluralRules(options.lang);
  } catch (error) {
    this.plural = new Intl.PluralRules("en");
  }
  var self = this;
  var input = this.input;
  ["focus", "pointerdown", "touchstart"].forEach(function (type) {
    input.addEventListener(type, function () { self.ensureEngine(); }, { passive: true });
  });
  input.addEventListener("input", function (event) {
    // An input method still composing Latin letters (pinyin, romaji) has not produced the query yet.
    if (event.isComposing && /[A-Za-z]$/.test(input.value)) return;
    self.update();
  });
  input.addEventListener("compositionend", function () { self.update(); });
  input.addEventListener("keyup", function () {
    if (input.value !== self.lastQuery) self.update();
  });
  input.addEventListener("search", function () { self.update(); });  // the box's own clear button
  input.addEventListener("keydown", function (event) { self.onInputKey(event); });
  this.results.addEventListener("keydown", function (event) { self.onResultsKey(event); });
  if (input.form) {
    input.form.addEventListener("submit", function (event) {
      event.preventDefault();
      self.openFirst();
    });
  }
}

/** Start loading the index (once); resolves to the engine. */
SearchBox.prototype.ensureEngine = function () {
  var self = this;
  if (!this.loading) {
    this.failed = false;
    this.loading = Promise.resolve().then(this.options.load).then(function (engine) {
      self.engine = engine;
      if (self.input.value.trim() !== "") self.update(true);
      return engine;
    }, function (error) {
      // Say so, and let the next keystroke try again (a phone's connection comes back).
      self.failed = true;
      self.loading = null;
      self.setStatus(self.options.text.error);
      if (typeof console !== "undefined") console.error(error);
    });
  }
  return this.loading;
};

/** Search for what the box holds now, and show it. */
SearchBox.prototype.update = function (force) {
  var query = this.input.value;
  if (query === this.lastQuery && !force) return;
  this.lastQuery = query;
  var number = ++this.searches;
  if (query.trim() === "") {
    this.shown = number;
    this.show([], query);
    this.setStatus("");
    return;
  }
  if (!this.engine) {
    this.ensureEngine();
    if (!this.failed) this.setStatus(this.options.text.loading);
    return;
  }
  // A query may wait for shards while the buyer types on: its results still show, unless those of a
  // later query already do (the list follows the typing and never goes back to an older query).
  var self = this;
  this.engine.search(query, this.options.limit || 10, this.options.firstKinds).then(function (found) {
    if (number < self.shown) return;
    self.shown = number;
    self.show(found, query);
    self.setStatus(self.countText(found.length));
  }, function (error) {
    if (number !== self.searches) return;
    self.lastQuery = null;  // the next keystroke tries again (a phone's connection comes back)
    self.setStatus(self.options.text.error);
    if (typeof console !== "undefined") console.error(error);
  });
};

SearchBox.prototype.show = function (found, query) {
  var options = this.options, list = this.results;
  while (list.firstChild) list.removeChild(list.firstChild);
  found.forEach(function (result, position) {
    list.appendChild(options.renderItem(result, position));
  });
  if (found.length === 0 && query.trim() !== "" && options.renderNoResult) list.appendChild(options.renderNoResult());
  this.count = found.length;
  list.setAttribute("data-kb-query", query);
  if (options.onVisible) options.onVisible(query.trim() !== "");
  var event;
  try {
    event = new CustomEvent("kb-search:results", {
      bubbles: true,
      detail: { query: query, count: found.length, ids: found.map(function (r) { return r.id; }) }
    });
  } catch (error) {
    event = null;
  }
  if (event) this.input.dispatchEvent(event);
};

SearchBox.prototype.countText = function (count) {
  var text = this.options.text;
  if (count === 0) return text.none;
  var forms = text.results;
  var form = forms[this.plural.select(count)] || forms.other;
  return form.replace("{n}", String(count));
};

SearchBox.prototype.setStatus = function (message) {
  if (this.status.textContent !== message) this.status.textContent = message;
};

SearchBox.prototype.links = function () {
  return Array.prototype.slice.call(this.results.querySelectorAll("a." + this.options.linkClass));
};

SearchBox.prototype.openFirst = function () {
  var first = this.links()[0];
  if (first) {
    first.focus();
    first.click();
  }
};

SearchBox.prototype.onInputKey = function (event) {
  if (event.isComposing || event.altKey || event.ctrlKey || event.metaKey) return;
  if (event.key === "ArrowDown") {
    var first = this.links()[0];
    if (first) {
      event.preventDefault();
      first.focus();
    }
  } else if (event.key === "Enter") {
    event.preventDefault();
    this.openFirst();
  } else if (event.key === "Escape") {
    if (this.input.value !== "") {
      event.preventDefault();
      this.input.value = "";
      this.update();
    } else if (this.options.onVisible) {
      this.options.onVisible(false);
    }
  }
};

SearchBox.prototype.onResultsKey = function (event) {
  if (event.altKey || event.ctrlKey || event.metaKey) return;
  var links = this.links();
  var position = links.indexOf(event.target);
  if (position < 0) return;  // a link inside an opened answer: the keys keep their usual meaning
  if (event.key === "ArrowDown") {
    event.preventDefault();
    links[Math.min(position + 1, links.length - 1)].focus();
  } else if (event.key === "ArrowUp") {
    event.preventDefault();
    if (position === 0) this.input.focus(); else links[position - 1].focus();
  } else if (event.key === "Escape") {
    event.preventDefault();
    this.input.focus();
  }
};

/** The label shown before a result that is not a FAQ entry ("Warranty"), or "" (also when it would repeat the title). */
function kindLabel(result, text) {
  // `kind_<kind>` in the box's words: "warranty" and "contact" on the buyers' site, "procedure" and
  // "warranty" in the handbook; a kind without a word (an FAQ answer) shows none.
  var label = text["kind_" + result.kind] || "";
  return label === result.title ? "" : label;
}

/** A new element with a class and, optionally, its text. */
function element(tag, className, text) {
  var node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

var CONTACT_SCHEMES = /^(https?:|mailto:|tel:)/i;

/**
 * What a search without result shows instead (site and widget): the shop's contact channels, one
 * link each, and a link to the contact page. `contacts` is the build's data ({page, channels:
 * [{label, href, text, hours, other_host}]}: public/search_documents.py `no_result_contacts`), put
 * in place as text and attribute values only. `prefix` is the box's class prefix; `newTab` opens
 * web links in a new tab (the widget, on a shop's page).
 */
function contactChannels(contacts, text, siteRoot, prefix, newTab) {
  var item = element("li", prefix + "contacts");
  item.appendChild(element("p", prefix + "contacts-title", text.kind_contact));
  var list = element("ul", prefix + "contacts-list");
  contacts.channels.forEach(function (channel) {
    if (!CONTACT_SCHEMES.test(channel.href)) return;  // the build writes no other kind; never a script URL
    var entry = element("li", prefix + "contact");
    var link = element("a", prefix + "contact-link");
    link.href = channel.href;
    if (channel.other_host) {
      link.rel = "noopener noreferrer";
      if (newTab) link.target = "_blank";
    }
    // A label or hours not translated into the page's language say which language they are in.
    var label = element("span", prefix + "contact-label", channel.label);
    if (channel.label_lang) label.lang = channel.label_lang;
    link.appendChild(label);
    link.appendChild(element("span", prefix + "contact-address", channel.text));
    entry.appendChild(link);
    if (channel.hours) {
      var hours = element("span", prefix + "contact-hours", channel.hours);
      if (channel.hours_lang) hours.lang = channel.hours_lang;
      entry.appendChild(hours);
    }
    list.appendChild(entry);
  });
  item.appendChild(list);
  var all = element("a", prefix + "contacts-page", text.all_contacts);
  all.href = new URL(contacts.page, siteRoot).href;
  if (newTab) {
    all.target = "_blank";
    all.rel = "noopener";
  }
  item.appendChild(all);
  return item;
}
