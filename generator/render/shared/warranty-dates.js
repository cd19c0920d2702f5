/*
 * kbgen: the warranty's date rule, written once: the buyers' warranty checker (public/assets/public.js)
 * and the agents' reply composer (its `{warranty_end}`) are each built with these functions in their
 * scope (shared/scripts.py `in_one_scope`).
 */

/*
 * The last day of a warranty of `months` months that starts on `start` (a UTC midnight Date):
 * the same day of the month, `months` later; when that month is shorter, its last day.
 *   2026-01-15 + 12 -> 2027-01-15     2026-01-31 + 1 -> 2026-02-28     2024-01-31 + 1 -> 2024-02-29
 *   2024-02-29 + 12 -> 2025-02-28     2026-08-31 + 6 -> 2027-02-28
 * The buyer is covered up to and including that day. An extension adds its months to the
 * policy's, counted from the same start (never from the end, which may already be cut short):
 * 2026-01-31 + (1 + 1) -> 2026-03-31, not 2026-03-28.
 */
function addMonths(start, months) {
  var first = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + months, 1));
  var daysInMonth = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(start.getUTCDate(), daysInMonth));
  return first;
}

function parseIsoDate(text) {
  var match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
  if (!match) return null;
  var date = new Date(Date.UTC(+match[1], +match[2] - 1, +match[3]));
  return date.getUTCMonth() === +match[2] - 1 ? date : null;
}

/*
 * A date written by `format` (an Intl.DateTimeFormat of the page's or the buyer's language), with the first
 * day of a month written as that language's interface strings say (`first_of_month`): French writes
 * "1er octobre", where Intl (and CLDR) give "1 octobre".
 */
function writtenDate(format, date, firstOfMonth) {
  return format.formatToParts(date).map(function (part) {
    return part.type === "day" && part.value === "1" && firstOfMonth ? firstOfMonth : part.value;
  }).join("");
}
