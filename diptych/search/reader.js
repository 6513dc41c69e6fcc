// diptych's search: Pagefind's own module (../pagefind.js), with the same functions, read by the search page in its
// place. A language with more pages than one index may hold is indexed in parts, spans of volumes (../../pagefind-2/
// and on: "parts"), merged in here, each with a hidden page of the other parts' words ("words"), so that every part
// answers each word with the same words as one index. After an edit, the pages changed or added since a language's
// whole index was built are indexed apart, in ../../pagefind-delta/ ("delta"): this module merges that index in,
// hides the whole index's stale copies of those pages ("stale"), and hides the delta's page of words ("words": every
// word of the whole index, so that the delta knows them). When that page is not among the results, the whole index
// did not know the words searched and answered with words that merely share a prefix with them: its results are
// dropped, and the delta's own pages ("own") answer alone. Written by the build from diptych/search/reader.js.
import * as pagefind from "../pagefind.js";

const SITE = {site};
const language = (document.documentElement.getAttribute("lang") || "").toLowerCase();
const about = SITE[language] || { parts: [], words: [] };
const delta = about.delta;
const hidden = new Set([...about.words, ...(delta ? [...delta.stale, delta.words] : [])]);
const own = new Set(delta ? delta.own : []);
const EXACT = /^\s*".+"\s*$/; // Pagefind's exact search: no word looked up by its prefix
let merged = null;

function ready() {
  if (!merged) {
    merged = (async () => {
      for (const part of about.parts) {
        await pagefind.mergeIndex(new URL(`../../${part}/`, import.meta.url).pathname, { language });
      }
      if (delta) await pagefind.mergeIndex(new URL("../../pagefind-delta/", import.meta.url).pathname, { language });
    })();
  }
  return merged;
}

function current(found, term) {
  if (!found || !hidden.size) return found;
  const known = !delta || term == null || EXACT.test(term) || found.results.some((result) => result.id === delta.words);
  const seen = new Set(hidden); // a page whose indexed text did not change is in both indexes, under one id
  const results = [];
  for (const result of found.results) {
    if (!seen.has(result.id) && (known || own.has(result.id))) results.push(result);
    seen.add(result.id);
  }
  return { ...found, results, unfilteredResultCount: results.length };
}

export const options = (settings) => pagefind.options(settings);
export const init = async () => { await pagefind.init(); await ready(); };
export const mergeIndex = async (path, settings) => { await ready(); return pagefind.mergeIndex(path, settings); };
export const search = async (term, settings) => { await ready(); return current(await pagefind.search(term, settings), term); };
export const debouncedSearch = async (term, settings, wait) => {
  await ready();
  return current(await pagefind.debouncedSearch(term, settings, wait), term);
};
export const preload = async (term, settings) => { await ready(); return pagefind.preload(term, settings); };
export const filters = async () => { await ready(); return pagefind.filters(); };
export const destroy = () => { merged = null; return pagefind.destroy(); };
export const createInstance = (...settings) => pagefind.createInstance(...settings); // another index, not merged here
