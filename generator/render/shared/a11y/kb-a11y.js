/* kbgen: accessibility fixes Material for MkDocs 9.8 leaves to us (axe-core 4.12).
 *
 * - aria-dialog-name: the search overlay `div.md-search[role=dialog]` has no
 *   accessible name. It gets the name of its own search box, which Material
 *   already translates into the page's language.
 * - aria-hidden-focus: with a colour palette that has no toggle, Material renders
 *   a radio input with aria-hidden="true" that can still take keyboard focus.
 *   It is taken out of the tab order.
 *
 * Runs on every page Material shows, instant navigation included (document$).
 */
(function () {
  "use strict";

  function fixAccessibility() {
    document.querySelectorAll('.md-search[role="dialog"]:not([aria-label])').forEach(function (dialog) {
      var box = dialog.querySelector("input[aria-label]");
      dialog.setAttribute("aria-label", box ? box.getAttribute("aria-label") : "Search");
    });
    document.querySelectorAll('input.md-option[aria-hidden="true"]').forEach(function (input) {
      input.setAttribute("tabindex", "-1");
    });
  }

  fixAccessibility();
  if (typeof window.document$ !== "undefined" && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(fixAccessibility);
  }
})();
