// The search page: Pagefind's interface over the index of this page's language, and the query given in the
// address (?q=…). Without JavaScript the page says that searching needs it; no other page loads a script.
window.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("search");
  if (!box || !window.PagefindUI) return;
  document.getElementById("search-needs-script")?.remove();
  const ui = new PagefindUI({
    element: "#search",
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
