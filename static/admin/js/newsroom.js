// Accessible names that Django's admin widgets leave out: the date and time
// halves of a split date-time field, and select2's autocomplete box (named only
// by its current choice, which is empty on a new article). Both take the
// field's own label, so screen readers (and axe) know what they are.
"use strict";
(function () {
  function label(id) {
    return document.querySelector('label[for="' + id + '"]');
  }

  function nameDateTimes() {
    // The row's label has no `for`: the two inputs get "发布时间（日期）" and "发布时间（时间）".
    document.querySelectorAll("p.datetime").forEach(function (row) {
      const field = row.closest(".form-row, .fieldBox");
      const text = field && field.querySelector("label") ? field.querySelector("label").textContent : "";
      const name = text.replace(/[:：]\s*$/, "").trim();
      row.querySelectorAll("input.vDateField, input.vTimeField").forEach(function (input) {
        if (name && !input.hasAttribute("aria-label")) {
          input.setAttribute("aria-label", name + (input.classList.contains("vDateField") ? "（日期）" : "（时间）"));
        }
      });
    });
  }

  function nameAutocompletes() {
    document.querySelectorAll(".select2-selection[aria-labelledby^='select2-']").forEach(function (box) {
      const container = document.getElementById(box.getAttribute("aria-labelledby"));
      const field = container && label(container.id.replace(/^select2-/, "").replace(/-container$/, ""));
      if (field) {
        field.id = field.id || container.id.replace(/-container$/, "-label");
        box.setAttribute("aria-labelledby", field.id + " " + container.id);
        container.setAttribute("aria-label", field.textContent.replace(/[:：]\s*$/, "").trim());
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    nameDateTimes();
    // select2 builds its boxes after jQuery's ready (and for each new inline row).
    new MutationObserver(nameAutocompletes).observe(document.body, { childList: true, subtree: true });
    nameAutocompletes();
  });
})();
