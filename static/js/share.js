/* Share links: the browser's own share sheet where there is one, else copy the address.
   No third-party script: without JavaScript the address field below the buttons remains. */
(function () {
  "use strict";

  function say(box, message) {
    var status = box.querySelector(".share__status");
    if (status) status.textContent = message;
  }

  function copy(box, url) {
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(url).then(
        function () { say(box, "Link copied."); },
        function () { selectField(box); }
      );
    } else {
      selectField(box);
    }
  }

  function selectField(box) {
    var field = box.querySelector(".share__url");
    if (field) {
      field.focus();
      field.select();
    }
    say(box, "Press Ctrl+C (or ⌘C) to copy the selected link.");
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-share-url]").forEach(function (box) {
      var url = box.getAttribute("data-share-url");
      var title = box.getAttribute("data-share-title") || document.title;
      var native = box.querySelector("[data-share-native]");
      var copyButton = box.querySelector("[data-share-copy]");
      if (native && navigator.share) {
        native.hidden = false;
        native.addEventListener("click", function () {
          navigator.share({ title: title, url: url }).catch(function () {});
        });
      }
      if (copyButton) {
        copyButton.hidden = false;
        copyButton.addEventListener("click", function () { copy(box, url); });
      }
    });
  });
})();
