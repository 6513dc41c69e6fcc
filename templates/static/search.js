// The search page: Pagefind's interface over the index of this language, and the query given in the address (?q=…).
window.addEventListener("DOMContentLoaded", () => {
  if (!document.getElementById("search") || !window.PagefindUI) return;
  const ui = new PagefindUI({ element: "#search", showSubResults: true, showImages: false });
  const query = new URLSearchParams(window.location.search).get("q");
  if (query) ui.triggerSearch(query);
});
