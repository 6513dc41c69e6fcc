// The search page: Pagefind's interface over the index of this page's language, and the query given in the
// address (?q=…). Without JavaScript the page says that searching needs it; no other page loads a script.
// The interface reads the index through the build's own module (data-bundle: pagefind/diptych/pagefind.js), which
// adds the pages changed since the index was built whole and hides their older copies.
window.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("search");
  if (!box || !window.PagefindUI) return;
  document.getElementById("search-needs-script")?.remove();
  const ui = new PagefindUI({
    element: "#search",
    bundlePath: box.dataset.bundle,
    showSubResults: true,
    showImages: false,
    translations: { placeholder: box.dataset.placeholder },
  });
  const input = box.querySelector("input");
  const label = document.getElementById("search-label");
  if (input && label) {
    input.id = "search-input"; // the page's heading is its label, once the input exists
    label.htmlFor = input.id;
  }
  const query = new URLSearchParams(window.location.search).get("q");
  if (query) ui.triggerSearch(query);
});
