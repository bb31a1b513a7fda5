/* Copy button: <button data-copy-target="ID" data-copied-label="Copied">.  Works on old
   browsers too (falls back to selecting the text and execCommand). */
(function () {
  "use strict";
  function copied(button) {
    var label = button.getAttribute("data-copied-label");
    if (label) { button.textContent = label; }
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-copy-target]") : null;
    if (!button) { return; }
    var field = document.getElementById(button.getAttribute("data-copy-target"));
    if (!field) { return; }
    field.focus();
    field.select();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(function () { copied(button); });
    } else if (document.execCommand && document.execCommand("copy")) {
      copied(button);
    }
  });
})();
