/*
 * kbgen: the buyers' site's own script. Plain JavaScript, no library, nothing from another host.
 * Loaded at the end of every page, after Material's bundle, before DOMContentLoaded.
 *
 * 1. hreflang links and Material's language switcher.
 *    Material's "alternate" integration reads every <link rel="alternate"> at DOMContentLoaded,
 *    downloads "<its href>/sitemap.xml" (made for version folders) and, when a link of the page
 *    starts with such an href, rewrites the click to go there. Our hreflang links point at the
 *    translations of this very page, so that meant one 404 per language on every page view, and a
 *    language switch that dropped the trailing slash and the #entry anchor. mkdocs-static-i18n
 *    already gives the switcher the right link (the same page in the other language), so the
 *    hreflang links are hidden from Material while it looks (rel renamed for that moment) and put
 *    back right after: crawlers and the finished page see them unchanged.
 * 2. The language switcher keeps the #anchor: an entry has the same id in every language, so
 *    switching on /ru/faq/orders/#cancel-order lands on /en/faq/orders/#cancel-order.
 * 3. The warranty checker of a policy page (see addMonths in render/shared/warranty-dates.js for the rule, and
 *    render/warranty_page.py for the form): the warranty's last day, and until when each
 *    extension can be bought (its buy_within_days, or while the warranty runs).
 * 4. The buyer's language first (preferredLanguageFirst): on the root home page (the default
 *    language's), a buyer whose browser prefers another of the site's languages, or who chose one
 *    with the language switcher before (remembered in localStorage, and it wins), is taken to that
 *    language's home page. Only the root home page ever moves a buyer, and only to another
 *    language's home page, which never moves anyone: no loop. Without JavaScript, and for
 *    crawlers (which read the hreflang/x-default links), the root stays the default language.
 * 5. The "not found" page in the language of the missing URL (notFoundInPathLanguage): a host that
 *    serves only the root 404.html (GitHub Pages) shows it for /ko/... too; it says "not found" in
 *    every language of the site, the default's first, and this puts the section of the language
 *    whose home the path is under first (the page's own /ko/404.html does so without JavaScript).
 */
(function () {
  "use strict";

  function hideHreflangFromMaterial() {
    if (document.readyState !== "loading") return; // Material has looked already: nothing to hide from
    var links = Array.prototype.slice.call(document.querySelectorAll('link[rel="alternate"][hreflang]'));
    links.forEach(function (link) { link.setAttribute("rel", "kb-alternate"); });
    // Registered after Material's own listener (its bundle ran before this script), so it runs after it.
    document.addEventListener("DOMContentLoaded", function () {
      links.forEach(function (link) { link.setAttribute("rel", "alternate"); });
    }, { once: true });
  }

  function keepAnchorInLanguageSwitch() {
    var links = Array.prototype.slice.call(document.querySelectorAll("a.md-select__link[hreflang]"));
    function update() {
      links.forEach(function (link) {
        var target = new URL(link.href);
        target.hash = location.hash;
        link.href = target.href;
      });
    }
    update();
    window.addEventListener("hashchange", update);
  }

  /* --- the buyer's language first ------------------------------------------------------------ */

  var CHOSEN_LANGUAGE = "kbgen-language"; // localStorage: the language picked with the switcher

  function storage(action, value) {
    try { // storage may be refused (private modes, blocked cookies): then nothing is remembered
      if (action === "get") return window.localStorage.getItem(CHOSEN_LANGUAGE);
      window.localStorage.setItem(CHOSEN_LANGUAGE, value);
    } catch (error) { /* nothing to remember with */ }
    return null;
  }

  function rememberLanguageChoice() {
    Array.prototype.forEach.call(document.querySelectorAll("a.md-select__link[hreflang]"), function (link) {
      link.addEventListener("click", function () { storage("set", link.getAttribute("hreflang")); });
    });
  }

  /*
   * The site language a browser language tag asks for, or null: the same tag (any case), Chinese by
   * script or region (zh-TW, zh-HK, zh-MO, zh-Hant-* -> zh-Hant; zh, zh-CN, zh-SG, zh-Hans-* -> zh-Hans),
   * else the same primary language (ko-KR -> ko, en-US -> en, ru-RU -> ru).
   */
  function siteLanguageFor(tag, languages) {
    var lower = String(tag || "").toLowerCase();
    var primary = lower.split("-")[0];
    function find(code) {
      for (var i = 0; i < languages.length; i++) if (languages[i].toLowerCase() === code) return languages[i];
      return null;
    }
    var exact = find(lower);
    if (exact) return exact;
    if (primary === "zh") {
      // The script, when the tag names one, decides (zh-Hans-HK reads Simplified); else the region.
      var traditional = /(^|-)hant(-|$)/.test(lower) ||
        (!/(^|-)hans(-|$)/.test(lower) && /(^|-)(tw|hk|mo)(-|$)/.test(lower));
      return find(traditional ? "zh-hant" : "zh-hans") || find(traditional ? "zh-hans" : "zh-hant");
    }
    for (var i = 0; i < languages.length; i++) {
      if (languages[i].toLowerCase().split("-")[0] === primary && languages[i].indexOf("-") < 0) return languages[i];
    }
    return null;
  }

  function preferredLanguageFirst() {
    if (/bot|crawl|spider|slurp|preview|facebookexternalhit/i.test(navigator.userAgent || "")) return;
    var urls = {};
    Array.prototype.forEach.call(document.querySelectorAll("link[hreflang]"), function (link) {
      urls[link.getAttribute("hreflang")] = new URL(link.getAttribute("href"), location.href);
    });
    var fallback = urls["x-default"];
    if (!fallback || fallback.pathname !== location.pathname) return; // not the default language's page
    var languages = Object.keys(urls).filter(function (code) { return code !== "x-default"; });
    var defaultLanguage = languages.filter(function (code) { return urls[code].pathname === fallback.pathname; })[0];
    if (!defaultLanguage) return;
    // The home page: every other language's version is its folder right under this one (/ru/).
    var isHome = languages.every(function (code) {
      return code === defaultLanguage || urls[code].pathname === fallback.pathname + code + "/";
    });
    if (!isHome) return;
    var chosen = storage("get");
    var target = null;
    if (chosen && languages.indexOf(chosen) >= 0) {
      target = chosen;
    } else {
      var preferred = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language];
      for (var i = 0; i < preferred.length && !target; i++) target = siteLanguageFor(preferred[i], languages);
    }
    // The path only: with site.yml `url`, hreflang links are absolute, and a preview is served elsewhere.
    if (target && target !== defaultLanguage) location.replace(urls[target].pathname + location.search + location.hash);
  }

  function notFoundInPathLanguage() {
    var sections = Array.prototype.slice.call(document.querySelectorAll("section.kb-not-found"));
    if (sections.length < 2) return;
    // The language whose home page's path is the longest start of the missing URL's path.
    var best = null, bestLength = -1;
    sections.forEach(function (section) {
      var link = section.querySelector("a[href]");
      var home = link && new URL(link.getAttribute("href"), location.href).pathname;
      if (home && location.pathname.indexOf(home) === 0 && home.length > bestLength) {
        best = section;
        bestLength = home.length;
      }
    });
    var first = sections[0];
    if (!best || best === first) return;
    // Headings swap levels with the sections: the language shown first has the page's one h1.
    [[first, "h2"], [best, "h1"]].forEach(function (pair) {
      var heading = pair[0].querySelector("h1, h2"), swapped = document.createElement(pair[1]);
      swapped.textContent = heading.textContent;
      heading.replaceWith(swapped);
    });
    first.parentNode.insertBefore(best, first);
  }

  /* --- the warranty checker ------------------------------------------------------------------ */

  /* addMonths, parseIsoDate and writtenDate: render/shared/warranty-dates.js, in this file's scope (shared/scripts.py). */

  function todayUtc() {
    var now = new Date(); // the buyer's own calendar day
    return new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()));
  }

  function isoDate(date) {
    return date.toISOString().slice(0, 10);
  }

  /*
   * A string's {placeholders} filled in. A value that ends with the punctuation mark the string
   * puts right after it is not doubled: Russian dates end with "г." ("31 января 2027 г."), and
   * "закончилась {date}." must not read "г..".
   */
  function fill(template, values) {
    return template.replace(/\{(\w+)\}([.,:;!?\u3002]?)/g, function (whole, name, after) {
      if (!Object.prototype.hasOwnProperty.call(values, name)) return whole;
      var value = String(values[name]);
      return after && value.slice(-1) === after ? value : value + after;
    });
  }

  function addDays(date, days) {
    return new Date(date.getTime() + days * 86400000);
  }

  function setUpChecker(section) {
    var data = JSON.parse(section.querySelector(".kb-checker__data").textContent);
    var form = section.querySelector("form");
    var input = form.querySelector("input");
    var result = section.querySelector(".kb-checker__result");
    var dates = new Intl.DateTimeFormat(data.locale, { dateStyle: "long", timeZone: "UTC" });
    function written(date) { return writtenDate(dates, date, data.text.first_of_month); }

    function line(text, className) {
      var paragraph = document.createElement("p");
      paragraph.textContent = text;
      if (className) paragraph.className = className;
      result.appendChild(paragraph);
      return paragraph;
    }

    function check() {
      result.textContent = "";
      delete result.dataset.end;
      delete result.dataset.covered;
      var start = parseIsoDate(input.value);
      if (!start) {
        line(data.text.checker_invalid, "kb-checker__verdict kb-checker__verdict--invalid");
        return;
      }
      var today = todayUtc();
      if (start > today) {
        line(data.text.checker_future, "kb-checker__verdict kb-checker__verdict--invalid");
        return;
      }
      var end = addMonths(start, data.months);
      var covered = today <= end;
      result.dataset.end = isoDate(end);
      result.dataset.covered = String(covered);
      var verdict = covered ? data.text.checker_covered : data.text.checker_expired;
      line(fill(verdict, { date: written(end) }),
        "kb-checker__verdict kb-checker__verdict--" + (covered ? "covered" : "expired"));
      if (!data.extensions.length) return;
      // The last day to buy each offer: its window (days from the start), never after the warranty's
      // last day. One line when the offers share that day; else one line per offer, which names it.
      var offers = data.extensions.map(function (extension) {
        var deadline = end;
        if (extension.within !== null && extension.within !== undefined) {
          var windowEnd = addDays(start, extension.within);
          if (windowEnd < end) deadline = windowEnd;
        }
        return { extension: extension, deadline: deadline, open: today <= deadline };
      });
      var shared = offers.every(function (offer) { return isoDate(offer.deadline) === isoDate(offers[0].deadline); });
      (shared ? offers.slice(0, 1) : offers).forEach(function (offer) {
        var key = (shared ? "checker_extension_" : "checker_offer_") + (offer.open ? "until" : "closed");
        var paragraph = line(fill(data.text[key], { offer: offer.extension.offer, date: written(offer.deadline) }),
          offer.open ? "kb-checker__extension-until" : "kb-checker__extension-closed");
        paragraph.dataset.until = isoDate(offer.deadline);
      });
      // The day each length of extension still on sale would cover to (offers of one length, one line).
      var months = [];
      offers.forEach(function (offer) {
        if (offer.open && months.indexOf(offer.extension.months) < 0) months.push(offer.extension.months);
      });
      if (!months.length) return;
      var list = document.createElement("ul");
      months.sort(function (a, b) { return a - b; }).forEach(function (extra) {
        var extension = data.extensions.filter(function (each) { return each.months === extra; })[0];
        var item = document.createElement("li");
        var extendedEnd = addMonths(start, data.months + extra);
        item.textContent = fill(data.text.checker_extension_ends, { duration: extension.label, date: written(extendedEnd) });
        item.dataset.end = isoDate(extendedEnd);
        list.appendChild(item);
      });
      result.appendChild(list);
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      check();
    });
    input.addEventListener("change", function () {
      if (input.value) check();
    });
    section.hidden = false;
  }

  preferredLanguageFirst();
  notFoundInPathLanguage();
  hideHreflangFromMaterial();
  keepAnchorInLanguageSwitch();
  rememberLanguageChoice();
  Array.prototype.forEach.call(document.querySelectorAll("[data-kb-checker]"), setUpChecker);
})();
