// Choosing a cell to fill by hand: the ✎ button puts the cell in the form below, with its
// figure selected so that typing replaces it.
document.addEventListener("click", (event) => {
  const button = event.target.closest(".figure-edit");
  if (!button) return;
  const form = document.getElementById("figure-form");
  form.elements.key.value = button.dataset.key;
  document.getElementById("figure-cell").value = button.dataset.label;
  form.elements.value.value = button.dataset.value;
  form.elements.value.focus();
  form.elements.value.select();
});
