// diptych's search: Pagefind's own module (../pagefind.js), with the same functions, read by the search page in its
// place. After an edit, the pages changed or added since a language's whole index was built are indexed apart, in
// ../../pagefind-delta/; for such a language (a key of STALE) this module merges that index in and hides the whole
// index's stale copies of those pages (their Pagefind ids; none for a delta of new pages only), so that a reader
// finds each page once, as it is now. Written by the build (diptych/search/reader.js): the ids change with each edit.
import * as pagefind from "../pagefind.js";

const STALE = {stale};
const language = (document.documentElement.getAttribute("lang") || "").toLowerCase();
const delta = language in STALE;
const hidden = new Set(STALE[language] || []);
let merged = null;

function ready() {
  if (!merged) {
    merged = delta
      ? pagefind.mergeIndex(new URL("../../pagefind-delta/", import.meta.url).pathname, { language })
      : Promise.resolve();
  }
  return merged;
}

function current(found) {
  if (!found || !delta) return found;
  const seen = new Set(hidden); // a page whose indexed text did not change is in both indexes, under one id
  const results = [];
  for (const result of found.results) {
    if (!seen.has(result.id)) results.push(result);
    seen.add(result.id);
  }
  return { ...found, results, unfilteredResultCount: found.unfilteredResultCount - (found.results.length - results.length) };
}

export const options = (settings) => pagefind.options(settings);
export const init = async () => { await pagefind.init(); await ready(); };
export const mergeIndex = async (path, settings) => { await ready(); return pagefind.mergeIndex(path, settings); };
export const search = async (term, settings) => { await ready(); return current(await pagefind.search(term, settings)); };
export const debouncedSearch = async (term, settings, wait) => {
  await ready();
  return current(await pagefind.debouncedSearch(term, settings, wait));
};
export const preload = async (term, settings) => { await ready(); return pagefind.preload(term, settings); };
export const filters = async () => { await ready(); return pagefind.filters(); };
export const destroy = () => { merged = null; return pagefind.destroy(); };
export const createInstance = (...settings) => pagefind.createInstance(...settings); // another index, not merged here
