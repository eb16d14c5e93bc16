/* Trailers: the page shows our own poster and a play button; the video site's player (the
   only third-party request) is created when the reader presses play, never before. */
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-trailer-embed]").forEach(function (facade) {
      var button = facade.querySelector("[data-trailer-play]");
      if (!button) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        var frame = document.createElement("iframe");
        frame.src = facade.getAttribute("data-trailer-embed");
        frame.title = facade.getAttribute("data-trailer-title") || "Trailer";
        frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
        frame.setAttribute("allowfullscreen", "");
        frame.className = "trailer__frame";
        facade.replaceChildren(frame);
        frame.focus();
      });
    });
  });
})();
