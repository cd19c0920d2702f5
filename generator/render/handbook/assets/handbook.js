/*
 * kbgen agents' handbook: copy buttons.
 *
 * Every <button data-copy="..."> puts its data-copy text, exactly as written
 * (placeholders such as {order_id} included), on the clipboard. The button then
 * says data-copied ("Copied") for two seconds, and a polite live region repeats
 * it for screen readers; if copying fails it says data-failed instead.
 *
 * One listener on the document handles every button, so pages swapped in by
 * Material's instant navigation work without setup. Where the asynchronous
 * Clipboard API is missing (a handbook opened from file:// or over plain http
 * on a LAN is not a secure context), a hidden textarea and
 * document.execCommand("copy") do the job.
 */
(function () {
  "use strict";

  var RESET_AFTER_MS = 2000;

  function copyWithTextarea(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.top = "-1000px";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    document.body.removeChild(area);
    return copied ? Promise.resolve() : Promise.reject(new Error("copy command refused"));
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () {
        return copyWithTextarea(text);
      });
    }
    return copyWithTextarea(text);
  }

  function liveRegion() {
    var region = document.getElementById("hb-copy-status");
    if (!region) {
      region = document.createElement("div");
      region.id = "hb-copy-status";
      region.className = "hb-visually-hidden";
      region.setAttribute("role", "status");
      region.setAttribute("aria-live", "polite");
      document.body.appendChild(region);
    }
    return region;
  }

  function tell(button, message, state) {
    if (!button.hasAttribute("data-label")) {
      button.setAttribute("data-label", button.textContent);
    }
    button.textContent = message;
    button.setAttribute("data-state", state);
    liveRegion().textContent = message;
    window.clearTimeout(button._hbReset);
    button._hbReset = window.setTimeout(function () {
      button.textContent = button.getAttribute("data-label");
      button.removeAttribute("data-state");
    }, RESET_AFTER_MS);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-copy]");
    if (!button) {
      return;
    }
    event.preventDefault();
    copyText(button.getAttribute("data-copy")).then(
      function () {
        tell(button, button.getAttribute("data-copied") || "Copied", "copied");
      },
      function () {
        tell(button, button.getAttribute("data-failed") || "Copy failed", "failed");
      }
    );
  });
})();
