/*
 * kb-search-site.js: the search box in the hero slot of every page of the buyers' site.
 *
 * The markup comes from theme/partials/kb-search.html; its data attributes say
 * the page's language (`data-kb-lang`), where the search files are
 * (`data-kb-assets`, relative to the page) and where the site's root is
 * (`data-kb-root`): result URLs in the index are relative to the root, so the
 * same index serves every page, at any depth, under any sub-folder.
 *
 * A page loads ONLY its own language's index (`index.<lang>.json`) and engine
 * (`kb-search.<lang>.bundle.js`): no result can come from another language.
 * The handbook, opened from disk where fetch() fails, gets its index as a script
 * (`index.<lang>.js`, config `indexScript`) that hands it over like the engine.
 * Both are loaded on first use of the box, not with the page, with `?v=<hash of
 * their content>` in the URL: a rebuilt site never pairs a cached old index with a
 * new engine.
 */

function fetchJson(url) {
  return fetch(url).then(function (response) {
    if (!response.ok) throw new Error("kb-search: " + url + ": HTTP " + response.status);
    return response.json();
  });
}

/**
 * `engine` with the results of `kinds` (config `firstKinds`: the handbook's procedures) put before
 * the others that match, each group in the engine's order. An agent looks for what to do: a
 * procedure that matches comes above the FAQ entries that match better. The engine is asked for
 * more results than shown, so that a procedure ranked further down still comes up.
 */
function kindsFirst(engine, kinds) {
  if (!kinds || !kinds.length) return engine;
  return {
    search: function (query, limit) {
      var found = engine.search(query, Math.max(limit * 5, 50));
      var first = found.filter(function (result) { return kinds.indexOf(result.kind) >= 0; });
      var rest = found.filter(function (result) { return kinds.indexOf(result.kind) < 0; });
      return first.concat(rest).slice(0, limit);
    }
  };
}

function setUpSiteSearch(root) {
  var lang = root.getAttribute("data-kb-lang");
  var config = KB_SEARCH_CONFIG[lang];
  if (!config) return null;  // a language the search was not built for: leave the box inert
  var text = config.text;
  var version = "?v=" + encodeURIComponent(config.version);
  var assets = new URL(root.getAttribute("data-kb-assets"), document.baseURI);
  var siteRoot = new URL(root.getAttribute("data-kb-root"), document.baseURI);
  var input = root.querySelector(".kb-search__input");
  var panel = root.querySelector(".kb-search__panel");
  var results = root.querySelector(".kb-search__results");
  var status = root.querySelector(".kb-search__status");
  input.placeholder = text.placeholder;
  var box;

  function setVisible(visible) {
    panel.hidden = !visible;
    root.classList.toggle("kb-search--open", visible);
  }

  function renderItem(result) {
    var item = element("li", "kb-search__item");
    var link = element("a", "kb-search__link");
    link.href = new URL(result.url, siteRoot).href;
    link.setAttribute("data-kb-id", result.id);
    var kind = kindLabel(result, text);
    if (kind) link.appendChild(element("span", "kb-search__kind", kind));
    link.appendChild(element("span", "kb-search__title", result.title));
    if (result.snippet) link.appendChild(element("span", "kb-search__snippet", result.snippet));
    item.appendChild(link);
    return item;
  }

  box = new SearchBox({
    input: input,
    results: results,
    status: status,
    lang: lang,
    text: text,
    limit: 10,
    linkClass: "kb-search__link",
    renderItem: renderItem,
    onVisible: setVisible,
    // The buyers' site offers its contact channels when nothing is found (the handbook has none).
    renderNoResult: config.contacts ? function () { return contactChannels(config.contacts, text, siteRoot, "kb-search__", false); } : null,
    load: function () {
      var engine = loadSearchEngine(new URL("kb-search." + lang + ".bundle.js" + version, assets).href);
      var index = config.indexScript
        ? loadHandedOver(new URL("index." + lang + ".js" + version, assets).href, "kbgen:search-index")
        : fetchJson(new URL("index." + lang + ".json" + version, assets).href);
      return Promise.all([engine, index]).then(function (loaded) {
        return kindsFirst(loaded[0].fromData(loaded[1]), config.firstKinds);
      });
    }
  });

  // The results stay open while focus is inside the box or its results, and close when it leaves.
  root.addEventListener("focusin", function () {
    if (input.value.trim() !== "") setVisible(true);
  });
  root.addEventListener("focusout", function (event) {
    if (!event.relatedTarget || !root.contains(event.relatedTarget)) setVisible(false);
  });

  // "/" anywhere on the page (outside a text field) goes to the search box, as in Material's own search.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    event.preventDefault();
    input.focus();
  });

  // A link such as `...?q=refund` (Material's search links) opens with that query.
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    input.value = query;
    box.update();
  } else if (input.value.trim() !== "") {
    box.update();  // a value the browser restored on "Back"
  }
  root.classList.add("kb-search--ready");
  return box;
}

Array.prototype.forEach.call(document.querySelectorAll("[data-kb-search]"), setUpSiteSearch);
