/*
 * kbgen agents' handbook: the self-checks and the progress of the Start here page
 * (render/handbook/start_page.py, templates/self-check.html and reading-order.html).
 *
 * A choice is judged at once: right or not, with a link to the step (or the escalation rules)
 * that says so. The answers are kept in localStorage (this browser only; nothing is sent), by
 * procedure id and question key (step ids): the progress shows in every language of the
 * handbook, beside each procedure of the reading order, and survives closing the browser.
 * "Start the self-checks again" forgets them.
 */
(function () {
  "use strict";

  var STORE = "kbgen-handbook:self-check";  // sellerKeyed: seller-keys.js, in this file's scope (render/shared/scripts.py)

  /** The answers kept: procedure id -> question key -> the step id chosen. */
  function load() {
    var kept;
    try {
      kept = JSON.parse(window.localStorage.getItem(STORE));
    } catch (error) {
      kept = null;
    }
    var answers = sellerKeyed(kept);
    Object.keys(answers).forEach(function (procedure) { answers[procedure] = sellerKeyed(answers[procedure]); });
    return answers;
  }

  function save(answers) {
    try {
      window.localStorage.setItem(STORE, JSON.stringify(answers));
    } catch (error) {
      /* storage refused: the answers last as long as the page */
    }
  }

  var answers = load();
  var reading = document.querySelector("[data-hb-reading]");
  var checks = document.querySelectorAll("[data-hb-check]");
  if (!reading && !checks.length) return;

  function each(root, selector, callback) {
    Array.prototype.forEach.call(root.querySelectorAll(selector), callback);
  }

  function judge(check, question) {
    var procedure = check.getAttribute("data-hb-check");
    var chosen = (answers[procedure] || sellerKeyed(null))[question.getAttribute("data-hb-question")];
    var feedback = question.querySelector("[data-hb-feedback]");
    each(question, "input[type=radio]", function (input) { input.checked = input.value === chosen; });
    question.removeAttribute("data-hb-result");
    feedback.hidden = chosen === undefined;
    if (chosen === undefined) return;
    var right = chosen === question.getAttribute("data-hb-answer");
    question.setAttribute("data-hb-result", right ? "right" : "wrong");
    feedback.querySelector("[data-hb-verdict]").textContent = check.getAttribute(right ? "data-hb-right" : "data-hb-wrong");
  }

  function showProgress() {
    if (!reading) return;
    each(reading, "[data-hb-progress]", function (badge) {
      var procedure = badge.getAttribute("data-hb-progress");
      var total = +badge.getAttribute("data-hb-total");
      var given = answers[procedure] || sellerKeyed(null);
      var right = 0, answered = 0;
      each(document, '[data-hb-check="' + CSS.escape(procedure) + '"] [data-hb-question]', function (question) {
        var chosen = given[question.getAttribute("data-hb-question")];
        if (chosen === undefined) return;
        answered += 1;
        if (chosen === question.getAttribute("data-hb-answer")) right += 1;
      });
      var state = answered === 0 ? "not-started" : right === total ? "done" : "started";
      badge.setAttribute("data-hb-state", state);
      badge.textContent = state === "not-started" ? reading.getAttribute("data-hb-not-started")
        : state === "done" ? reading.getAttribute("data-hb-done")
        : reading.getAttribute("data-hb-progress-text").replace("{right}", String(right)).replace("{total}", String(total));
    });
    var reset = document.querySelector("[data-hb-check-reset]");
    if (reset) reset.parentNode.hidden = Object.keys(answers).length === 0;
  }

  Array.prototype.forEach.call(checks, function (check) {
    var procedure = check.getAttribute("data-hb-check");
    each(check, "[data-hb-question]", function (question) {
      judge(check, question);
      question.addEventListener("change", function (event) {
        if (!event.target.matches("input[type=radio]")) return;
        answers = load();  // another tab may have answered meanwhile
        answers[procedure] = answers[procedure] || sellerKeyed(null);
        answers[procedure][question.getAttribute("data-hb-question")] = event.target.value;
        save(answers);
        judge(check, question);
        showProgress();
      });
    });
    check.hidden = false;
  });

  var reset = document.querySelector("[data-hb-check-reset]");
  if (reset) {
    reset.addEventListener("click", function () {
      answers = sellerKeyed(null);
      try { window.localStorage.removeItem(STORE); } catch (error) { /* nothing kept */ }
      Array.prototype.forEach.call(checks, function (check) {
        each(check, "[data-hb-question]", function (question) { judge(check, question); });
      });
      showProgress();
    });
  }
  showProgress();
})();
