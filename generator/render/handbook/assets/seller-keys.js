/*
 * kbgen agents' handbook: a map keyed by names and ids the seller wrote, for the scripts that keep
 * what an agent does in the browser's storage (composer.js: placeholder names; training.js: procedure
 * and step ids). Built into their scope (render/shared/scripts.py `in_one_scope`).
 */

/**
 * A map whose keys come from the seller's YAML (`{constructor}` and `{__proto__}` are valid placeholders,
 * `constructor` a valid id): an object without prototype, so that no key reads an inherited member or
 * sets the prototype. `from`: a parsed object whose own keys it takes, or null for an empty map.
 */
function sellerKeyed(from) {
  var map = Object.create(null);
  if (from && typeof from === "object") {
    Object.keys(from).forEach(function (key) { map[key] = from[key]; });
  }
  return map;
}
