/*
 * kb-widget.js: the help center's search box on any shop page (see render/widget/__init__.py).
 *
 * Pasted by render/widget/__init__.py after `KB_WIDGET_CONFIG` (languages, words, file version) and
 * the shared SearchBox (shared/site_search/kb-search-box.js), all inside one function.
 *
 * One widget per <script src=".../widget/kb-widget.js"> tag, rendered right
 * before the tag (or into the element named by its `data-target` selector), in the
 * light DOM: classes `kbw-*` under `.kbw`, style from kb-widget.css next to this file.
 * Language, first match wins: the tag's `data-lang`, `?lang=` on the script's URL,
 * `?lang=` on the page's URL, the page's <html lang>, the site's default language.
 *
 * Every URL is computed from the script's own src: the widget contacts the help
 * center's host only. The engine and the site's index (`search/`: the same files as the
 * site's box) are loaded on first use of the box, each query fetching only the shards it
 * needs; a result opens in place (its answer, loaded then) with a link to the help center.
 * Contract: the box is an input[type="search"], its results are links inside the
 * element marked `data-kb-results`.
 */

var CONFIG = KB_WIDGET_CONFIG;
var SCRIPT_PATTERN = /\/kb-widget\.js(?:[?#]|$)/;

/** Shared by every widget this script sets up (a page may embed several). Nothing is put on
 *  `window`: the shop's page is not ours (a second copy of this file keeps its own). */
var shared = {
  engines: {}      // "siteRoot lang" -> Promise<engine>
};

/** An id for a widget's elements that no other widget takes: another copy of this script keeps a
 *  count of its own, and widgets are built before they are put on the page, so a random part. */
function freeId(prefix) {
  var id;
  do id = prefix + Math.random().toString(36).slice(2, 10);
  while (document.getElementById(id));
  return id;
}

function thisScript() {
  if (document.currentScript && SCRIPT_PATTERN.test(document.currentScript.src)) return document.currentScript;
  // An old browser, or a loader that injected us: the last tag of ours not yet set up.
  var scripts = document.querySelectorAll("script[src]");
  for (var i = scripts.length - 1; i >= 0; i--) {
    if (SCRIPT_PATTERN.test(scripts[i].src) && !scripts[i].hasAttribute("data-kb-widget-ready")) return scripts[i];
  }
  return null;
}

/** The site language a tag such as "ru-RU", "zh-TW" or "ZH-HANS" means, or null. */
function matchLanguage(tag) {
  if (!tag) return null;
  var wanted = String(tag).trim().replace(/_/g, "-").toLowerCase();
  if (!wanted) return null;
  var languages = CONFIG.languages, i;
  for (i = 0; i < languages.length; i++) if (languages[i].toLowerCase() === wanted) return languages[i];
  var parts = wanted.split("-");
  if (parts[0] === "zh") {
    var traditional = /^(hant|tw|hk|mo)$/.test(parts[1] || "") || /-(hant)(-|$)/.test(wanted);
    var script = traditional ? "zh-hant" : "zh-hans";
    for (i = 0; i < languages.length; i++) if (languages[i].toLowerCase() === script) return languages[i];
  }
  for (i = 0; i < languages.length; i++) if (languages[i].toLowerCase().split("-")[0] === parts[0]) return languages[i];
  return null;
}

function parameter(url, name) {
  try {
    return new URL(url, window.location.href).searchParams.get(name);
  } catch (error) {
    return null;
  }
}

function pickLanguage(script) {
  var candidates = [
    script.getAttribute("data-lang"),
    parameter(script.src, "lang"),
    parameter(window.location.href, "lang"),
    document.documentElement.getAttribute("lang")
  ];
  for (var i = 0; i < candidates.length; i++) {
    var language = matchLanguage(candidates[i]);
    if (language) return language;
  }
  return CONFIG.defaultLanguage;
}

function loadStylesheet(href) {
  var links = document.querySelectorAll("link[data-kb-widget-css]");
  for (var i = 0; i < links.length; i++) {
    if (links[i].href === href) return Promise.resolve();
  }
  return new Promise(function (resolve) {
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    link.setAttribute("data-kb-widget-css", "");
    link.onload = link.onerror = function () { resolve(); };
    (document.head || document.documentElement).appendChild(link);
  });
}

// ---- answers: our HTML, placed on someone else's page, so only plain, known markup ----

var ALLOWED_TAGS = /^(P|BR|STRONG|B|EM|I|CODE|PRE|KBD|UL|OL|LI|A|BLOCKQUOTE|TABLE|THEAD|TBODY|TFOOT|TR|TH|TD|H[1-6]|HR|DIV|SPAN|DEL|S|SUP|SUB|DL|DT|DD)$/;
var DROPPED_TAGS = /^(SCRIPT|STYLE|IFRAME|FRAME|OBJECT|EMBED|SVG|MATH|FORM|INPUT|BUTTON|TEXTAREA|SELECT|TEMPLATE|LINK|META|AUDIO|VIDEO|SOURCE|CANVAS|NOSCRIPT)$/;
var SAFE_SCHEMES = /^(https?:|mailto:|tel:)$/;

/**
 * A fragment holding `html` with only the tags and attributes above: links keep a
 * safe `href` (made absolute against the answer's page) and open in a new tab; an
 * image becomes its alt text (it would be a request to another host); classes
 * are kept when they are the site's own `kb-*` ones (the "not yet translated" notice).
 */
function sanitizedAnswer(html, pageUrl) {
  var template = document.createElement("template");
  template.innerHTML = html;  // inert: nothing in a template runs or loads
  var fragment = document.createDocumentFragment();
  Array.prototype.forEach.call(template.content.childNodes, function (node) {
    var clean = cleanNode(node, pageUrl);
    if (clean) fragment.appendChild(clean);
  });
  return fragment;
}

function cleanNode(node, pageUrl) {
  if (node.nodeType === 3) return document.createTextNode(node.nodeValue);
  if (node.nodeType !== 1) return null;
  var tag = node.tagName.toUpperCase();
  if (tag === "IMG") return node.getAttribute("alt") ? document.createTextNode(node.getAttribute("alt")) : null;
  if (DROPPED_TAGS.test(tag)) return null;
  if (tag === "A" && /(^|\s)headerlink(\s|$)/.test(node.getAttribute("class") || "")) return null;  // the page's pilcrow (permalink)
  var target;
  if (ALLOWED_TAGS.test(tag)) {
    target = document.createElement(tag.toLowerCase());
    copySafeAttributes(node, target, pageUrl);
  } else {
    target = document.createDocumentFragment();  // unknown markup: keep its text
  }
  Array.prototype.forEach.call(node.childNodes, function (child) {
    var clean = cleanNode(child, pageUrl);
    if (clean) target.appendChild(clean);
  });
  return target;
}

function copySafeAttributes(source, target, pageUrl) {
  var lang = source.getAttribute("lang");
  if (lang && /^[A-Za-z0-9-]{1,35}$/.test(lang)) target.setAttribute("lang", lang);
  var classes = (source.getAttribute("class") || "").split(/\s+/).filter(function (name) {
    return /^kb-[A-Za-z0-9_-]+$/.test(name);
  });
  if (classes.length) target.setAttribute("class", classes.join(" "));
  ["colspan", "rowspan"].forEach(function (name) {
    var value = source.getAttribute(name);
    if (value && /^\d{1,3}$/.test(value)) target.setAttribute(name, value);
  });
  if (target.tagName === "A") {
    var href = source.getAttribute("href");
    var url = null;
    try {
      url = href ? new URL(href, pageUrl) : null;
    } catch (error) {
      url = null;
    }
    if (url && SAFE_SCHEMES.test(url.protocol)) {
      target.setAttribute("href", url.href);
      target.setAttribute("target", "_blank");
      target.setAttribute("rel", "noopener");
    }
  }
}

// ---- one widget ---------------------------------------------------------------------

function Widget(script) {
  this.script = script;
  this.lang = pickLanguage(script);
  this.text = CONFIG.text[this.lang];
  this.base = new URL(".", script.src);          // .../widget/
  this.siteRoot = new URL("..", this.base);      // the help center's root
  this.id = freeId("kbw-");
  this.build();
}

Widget.prototype.homeUrl = function () {
  var path = this.lang === CONFIG.defaultLanguage ? "" : this.lang + "/";
  return new URL(path, this.siteRoot).href;
};

Widget.prototype.build = function () {
  var text = this.text, id = this.id;
  var root = element("div", "kbw");
  root.setAttribute("lang", this.lang);
  root.setAttribute("data-kb-widget", "");
  root.hidden = true;  // until its style is there
  var form = element("form", "kbw-form");
  form.setAttribute("role", "search");
  form.setAttribute("autocomplete", "off");
  var label = element("label", "kbw-label", text.label);
  label.htmlFor = id + "-input";
  var input = element("input", "kbw-input");
  input.type = "search";
  input.id = id + "-input";
  input.placeholder = text.placeholder;
  input.autocomplete = "off";
  input.spellcheck = false;
  input.setAttribute("autocapitalize", "off");
  input.setAttribute("enterkeyhint", "search");
  input.setAttribute("aria-controls", id + "-results");
  input.setAttribute("aria-describedby", id + "-status");
  form.appendChild(label);
  form.appendChild(input);
  var status = element("p", "kbw-status");
  status.id = id + "-status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  var results = element("ul", "kbw-results");
  results.id = id + "-results";
  results.setAttribute("data-kb-results", "");
  var footer = element("p", "kbw-footer");
  var home = element("a", "kbw-footer__link", text.all_questions);
  home.href = this.homeUrl();
  home.target = "_blank";
  home.rel = "noopener";
  footer.appendChild(home);
  root.appendChild(form);
  root.appendChild(status);
  root.appendChild(results);
  root.appendChild(footer);
  this.root = root;

  var self = this;
  this.box = new SearchBox({
    input: input,
    results: results,
    status: status,
    lang: this.lang,
    text: text,
    limit: 8,
    linkClass: "kbw-result__link",
    renderItem: function (result, position) { return self.renderItem(result, position); },
    renderNoResult: function () { return contactChannels(CONFIG.contacts[self.lang], text, self.siteRoot, "kbw-", true); },
    onVisible: function (visible) { root.classList.toggle("kbw--open", visible); },
    load: function () { return self.loadEngine(); }
  });
  results.addEventListener("click", function (event) { self.onResultClick(event); });
};

function safeQuery(selector) {
  try {
    return document.querySelector(selector);
  } catch (error) {
    return null;  // not a valid selector
  }
}

/** Put the widget on the page: at `data-target`, else right before its script tag. */
Widget.prototype.mount = function () {
  var selector = this.script.getAttribute("data-target");
  var target = selector ? safeQuery(selector) : null;
  if (target) {
    target.appendChild(this.root);
  } else if (this.script.parentNode && this.script.parentNode !== document.head) {
    this.script.parentNode.insertBefore(this.root, this.script);
  } else {
    document.body.appendChild(this.root);
  }
  var root = this.root;
  var shown = false;
  function show() {
    if (shown) return;
    shown = true;
    root.hidden = false;
  }
  loadStylesheet(new URL("kb-widget.css?v=" + encodeURIComponent(CONFIG.styleVersion), this.base).href).then(show);
  setTimeout(show, 3000);  // a stylesheet that never answers must not hide the box for good
};

Widget.prototype.loadEngine = function () {
  var key = this.siteRoot.href + " " + this.lang;
  if (!shared.engines[key]) {
    shared.engines[key] = openSearch(new URL("search/", this.siteRoot), this.lang, CONFIG.searchVersions[this.lang]);
    shared.engines[key].catch(function () { delete shared.engines[key]; });
  }
  return shared.engines[key];
};

Widget.prototype.renderItem = function (result, position) {
  var answerId = this.id + "-answer-" + position;
  var item = element("li", "kbw-result");
  var link = element("a", "kbw-result__link");
  link.href = new URL(result.url, this.siteRoot).href;
  link.target = "_blank";
  link.rel = "noopener";
  link.setAttribute("data-kb-id", result.id);
  link.setAttribute("aria-expanded", "false");
  link.setAttribute("aria-controls", answerId);
  var kind = kindLabel(result, this.text);
  if (kind) link.appendChild(element("span", "kbw-result__kind", kind));
  link.appendChild(element("span", "kbw-result__title", result.title));
  item.appendChild(link);
  if (result.snippet) item.appendChild(element("p", "kbw-result__snippet", result.snippet));
  var answer = element("div", "kbw-answer");
  answer.id = answerId;
  answer.hidden = true;
  item.appendChild(answer);
  item.kbResult = result;
  return item;
};

/** A plain click (or Enter) on a result opens its answer here; with a modifier key the link opens the help center. */
Widget.prototype.onResultClick = function (event) {
  var link = event.target.closest ? event.target.closest("a.kbw-result__link") : null;
  if (!link || event.button > 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  var item = link.parentNode;
  var answer = item.querySelector(".kbw-answer");
  var open = link.getAttribute("aria-expanded") !== "true";
  link.setAttribute("aria-expanded", open ? "true" : "false");
  item.classList.toggle("kbw-result--open", open);
  answer.hidden = !open;
  if (open && !answer.hasAttribute("data-kb-filled")) this.fillAnswer(answer, item.kbResult);
};

Widget.prototype.fillAnswer = function (answer, result) {
  answer.setAttribute("data-kb-filled", "");
  answer.setAttribute("aria-busy", "true");
  answer.textContent = this.text.loading_answer;
  var self = this;
  var pageUrl = new URL(result.url, this.siteRoot).href;
  this.loadAnswer(result).then(function (html) {
    return html;
  }, function () {
    return null;  // the link below still leads to the answer
  }).then(function (html) {
    answer.textContent = "";
    if (html) {
      var body = element("div", "kbw-answer__body");
      body.appendChild(sanitizedAnswer(html, pageUrl));
      answer.appendChild(body);
    } else if (result.snippet) {
      answer.appendChild(element("p", "kbw-answer__body", result.snippet));
    }
    var more = element("p", "kbw-answer__more");
    var link = element("a", "kbw-answer__open", self.text.open);
    link.href = pageUrl;
    link.target = "_blank";
    link.rel = "noopener";
    more.appendChild(link);
    answer.appendChild(more);
    answer.removeAttribute("aria-busy");
  });
};

Widget.prototype.loadAnswer = function (result) {
  return this.loadEngine().then(function (engine) { return engine.answer(result.doc); });
};

/** Inside frame.html: tell the embedding page the widget's height whenever it changes (it may resize the iframe). */
function reportHeights(root) {
  if (window.parent === window || typeof ResizeObserver === "undefined") return;
  var last = -1;
  new ResizeObserver(function () {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height !== last) {
      last = height;
      window.parent.postMessage({ kbWidgetHeight: height }, "*");
    }
  }).observe(root);
}

function start() {
  var script = thisScript();
  if (!script || script.hasAttribute("data-kb-widget-ready")) return;
  script.setAttribute("data-kb-widget-ready", "");
  var widget = new Widget(script);
  if (document.documentElement.hasAttribute("data-kb-frame")) {
    // frame.html is the widget's own page: it speaks the widget's language.
    document.documentElement.lang = widget.lang;
    document.title = widget.text.label;
    reportHeights(widget.root);
  }
  // An async script may run before the rest of the page is parsed: a tag in <head>, or a
  // `data-target` further down the page, waits for it.
  var selector = script.getAttribute("data-target");
  var waitForPage = document.readyState === "loading" &&
    (script.parentNode === document.head || !document.body || (selector && !safeQuery(selector)));
  if (waitForPage) {
    document.addEventListener("DOMContentLoaded", function () { widget.mount(); });
  } else {
    widget.mount();
  }
}

start();
