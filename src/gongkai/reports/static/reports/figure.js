// Choosing a cell to fill by hand: the ✎ button puts the cell's key and value in the form below.
document.addEventListener("click", (event) => {
  const button = event.target.closest(".figure-edit");
  if (!button) return;
  const form = document.getElementById("figure-form");
  form.elements.key.value = button.dataset.key;
  form.elements.value.value = button.dataset.value;
  form.elements.value.focus();
});
