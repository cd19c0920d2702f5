/*
 * kbgen agents' handbook: the reply composer (render/handbook/composer.py writes its form,
 * templates/composer.html; the replies are templates/reply-box.html, the links templates/links-box.html).
 *
 * - The buyer's language (the composer's select, or a press on a language a reply is written in): every reply of the page shows its version in
 *   that language, or the first language of that buyer's fallback order it is written in
 *   (each option's data-hb-order, computed by the build from site.yml `fallback:`), saying so (the
 *   option's data-hb-missing: the notice per language shown instead, written by the build);
 *   every buyers' link shows, and copies, the one in that language.
 * - One field per placeholder name: typed once, it fills that placeholder in every reply of
 *   the page as the agent types; the reply's copy button copies the filled text (handbook.js
 *   copies the button's data-copy, kept up to date here), and a click on it with a placeholder
 *   still empty says which.
 * - {warranty_end}: computed from a policy and the day it counts from, by the buyers' warranty
 *   checker's rule (addMonths in render/shared/warranty-dates.js), written in the buyer's language.
 *
 * The fields sit in a group, not a <form>: nothing here is ever submitted.
 *
 * What the agent picks and types is kept in sessionStorage (this tab only, gone when it closes;
 * shared by the pages of the tab, so the language and the order number follow the agent from a
 * procedure to the FAQ), never sent anywhere. "Clear" forgets it for the next buyer.
 */
(function () {
  "use strict";

  var STORE = "kbgen-handbook:composer";
  var PLACEHOLDER = /\{([^{}\s]+)\}/g;

  function loadState() {
    var state;
    try {
      state = JSON.parse(window.sessionStorage.getItem(STORE)) || {};
    } catch (error) {
      state = {};  // storage refused (a locked-down browser): the composer still works for this page
    }
    return { language: state.language, policy: state.policy, start: state.start, fields: sellerKeyed(state.fields) };
  }

  function saveState(state) {
    try {
      window.sessionStorage.setItem(STORE, JSON.stringify(state));
    } catch (error) {
      /* kept in memory only */
    }
  }

  /** `template` with each {name} that `values` holds replaced; the others left as they are. */
  function fill(template, values) {
    return template.replace(PLACEHOLDER, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : whole;
    });
  }

  /* addMonths, parseIsoDate, writtenDate (render/shared/warranty-dates.js) and sellerKeyed (seller-keys.js) are in this
   * file's scope: render/shared/scripts.py. */

  function each(root, selector, callback) {
    Array.prototype.forEach.call(root.querySelectorAll(selector), callback);
  }

  function setUp(form) {
    var scope = form.closest("article") || document.body;
    var select = form.querySelector("[data-hb-buyer-language]");
    var policy = form.querySelector("[data-hb-warranty-policy]");
    var start = form.querySelector("[data-hb-warranty-start]");
    var end = form.querySelector("[data-hb-warranty-end]");
    var computed = form.querySelector("[data-hb-computed]");
    var state = loadState();

    function restore() {
      if (state.language && select.querySelector('option[value="' + CSS.escape(state.language) + '"]')) {
        select.value = state.language;
      }
      each(form, "[data-hb-field]", function (input) {
        input.value = state.fields[input.getAttribute("data-hb-field")] || "";
      });
      if (policy && state.policy && policy.querySelector('option[value="' + CSS.escape(state.policy) + '"]')) {
        policy.value = state.policy;
      }
      if (start) start.value = state.start || "";
    }

    function option(code) {
      return select.querySelector('option[value="' + CSS.escape(code) + '"]');
    }

    /** "Not yet written in <buyer's language>: shown in <shown>", as the build wrote it (composer.py). */
    function missingNotice(buyer, shown) {
      var found = option(buyer);
      return found ? JSON.parse(found.getAttribute("data-hb-missing"))[shown] || "" : "";
    }

    /** What the agent filled in (non-empty fields) and what is computed from it, for the buyer's language. */
    function values(locale, firstOfMonth) {
      var filled = sellerKeyed(null);
      each(form, "[data-hb-field]", function (input) {
        var value = input.value.trim();
        if (value) filled[input.getAttribute("data-hb-field")] = value;
      });
      if (computed) {
        var day = parseIsoDate(start.value);
        var chosen = policy.selectedOptions[0];
        var text = "";
        if (day && chosen) {
          var last = addMonths(day, +chosen.getAttribute("data-hb-months"));
          text = writtenDate(new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }), last, firstOfMonth);
          filled[computed.getAttribute("data-hb-computed")] = text;
        }
        end.textContent = text;
      }
      return filled;
    }

    function showReply(reply, order, buyer, filled) {
      var versions = {};
      each(reply, "[data-hb-reply-language]", function (version) {
        versions[version.getAttribute("data-hb-reply-language")] = version;
      });
      var shown = order.filter(function (code) { return versions[code]; })[0];
      if (!shown) return;  // a reply in none of this buyer's languages: the page's version stays
      Object.keys(versions).forEach(function (code) { versions[code].hidden = code !== shown; });
      each(reply, "[data-hb-written]", function (button) {
        button.setAttribute("aria-pressed", String(button.getAttribute("data-hb-written") === shown));
      });
      var missing = reply.querySelector("[data-hb-reply-missing]");
      missing.hidden = shown === buyer;
      missing.textContent = shown === buyer ? "" : missingNotice(buyer, shown);
      var version = versions[shown];
      each(version, "mark[data-hb-name]", function (mark) {
        var name = mark.getAttribute("data-hb-name");
        var has = Object.prototype.hasOwnProperty.call(filled, name);
        mark.textContent = has ? filled[name] : "{" + name + "}";
        mark.classList.toggle("hb-placeholder--filled", has);
      });
      // "Replace the highlighted placeholders" only while one is left to replace.
      var hint = reply.querySelector(".hb-reply__hint");
      if (hint) hint.hidden = !version.querySelector("mark[data-hb-name]:not(.hb-placeholder--filled)");
      reply.querySelector("button.hb-copy").setAttribute("data-copy", fill(version.getAttribute("data-hb-raw"), filled));
      var warning = reply.querySelector("[data-hb-reply-warning]");
      warning.hidden = true;
      warning.textContent = "";
    }

    /** The row's link in the buyer's language: each version holds its URL (data-hb-url); the one link the
     * page writes out (an <a>, or a <code> to paste) moves to the version shown and takes its URL. */
    function showLinks(row, buyer) {
      var link = row.querySelector(".hb-link__url");
      each(row, "[data-buyer-language]", function (version) {
        var mine = version.getAttribute("data-buyer-language") === buyer;
        version.hidden = !mine;
        if (!mine) return;
        var url = version.getAttribute("data-hb-url");
        if (link && !version.querySelector(".hb-link__url")) {  // (a shop's own template may write every version's)
          link.textContent = url;
          if (link.hasAttribute("href")) link.setAttribute("href", url);
          version.insertBefore(link, version.firstChild);
        }
        row.querySelector("button.hb-copy").setAttribute("data-copy", url);
      });
    }

    function update() {
      var buyer = select.value;
      var chosen = option(buyer);
      var order = chosen.getAttribute("data-hb-order").split(" ");
      var filled = values(chosen.getAttribute("data-hb-locale") || buyer, chosen.getAttribute("data-hb-first-of-month"));
      each(scope, "[data-hb-reply]", function (reply) { showReply(reply, order, buyer, filled); });
      each(scope, "[data-hb-links] tr", function (row) { showLinks(row, buyer); });
      state.language = buyer;
      each(form, "[data-hb-field]", function (input) {
        state.fields[input.getAttribute("data-hb-field")] = input.value;
      });
      if (policy) state.policy = policy.value;
      if (start) state.start = start.value;
      saveState(state);
    }

    /** A language a reply is written in, pressed: the buyer's language for the whole page. */
    scope.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest("[data-hb-reply] [data-hb-written]");
      if (!button || !option(button.getAttribute("data-hb-written"))) return;
      select.value = button.getAttribute("data-hb-written");
      update();
    });

    /** After a reply is copied with a placeholder still empty, say which. */
    scope.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest("[data-hb-reply] button.hb-copy");
      if (!button) return;
      var reply = button.closest("[data-hb-reply]");
      var empty = [];
      each(reply, ".hb-reply__text:not([hidden]) mark[data-hb-name]:not(.hb-placeholder--filled)", function (mark) {
        var name = "{" + mark.getAttribute("data-hb-name") + "}";
        if (empty.indexOf(name) < 0) empty.push(name);
      });
      var warning = reply.querySelector("[data-hb-reply-warning]");
      warning.hidden = empty.length === 0;
      warning.textContent = empty.length ? fill(form.getAttribute("data-hb-empty"), { names: empty.join(", ") }) : "";
    });

    form.addEventListener("input", update);
    form.addEventListener("change", update);
    form.querySelector("[data-hb-clear]").addEventListener("click", function () {
      state = { fields: sellerKeyed(null), language: select.value };
      restore();
      update();
    });
    restore();
    form.hidden = false;
    update();
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-hb-composer]"), setUp);
})();
