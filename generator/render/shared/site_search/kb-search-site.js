/*
 * kb-search-site.js: the search box in the hero slot of every page of the buyers' site.
 *
 * The markup comes from theme/partials/kb-search.html; its data attributes say
 * the page's language (`data-kb-lang`), where the search files are
 * (`data-kb-assets`, relative to the page) and where the site's root is
 * (`data-kb-root`): result URLs in the index are relative to the root, so the
 * same index serves every page, at any depth, under any sub-folder.
 *
 * A page loads ONLY its own language's index (`search/<lang>/`, the shards a query
 * needs) and engine (`kb-search.<lang>.bundle.js`): no result can come from another
 * language. They are loaded on first use of the box, not with the page (`openSearch`);
 * the same scripts serve the handbook opened from disk, where fetch() fails.
 *
 * The handbook puts procedures first (config `firstKinds`): an agent looks for what
 * to do, so a procedure that matches comes above the FAQ entries that match better.
 */

function setUpSiteSearch(root) {
  var lang = root.getAttribute("data-kb-lang");
  var config = KB_SEARCH_CONFIG[lang];
  if (!config) return null;  // a language the search was not built for: leave the box inert
  var text = config.text;
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
    firstKinds: config.firstKinds,
    load: function () { return openSearch(assets, lang, config.version); }
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
