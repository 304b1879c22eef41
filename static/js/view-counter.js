// View counter beacon (news/counters.py): one POST per article shown on the
// page, answered with the current count, which replaces the number in the
// (possibly cached) HTML. A prerendered page counts only once it is shown.
(function () {
  "use strict";

  function send() {
    var byUrl = {};
    document.querySelectorAll("[data-view-beacon]").forEach(function (element) {
      var url = element.getAttribute("data-view-beacon");
      (byUrl[url] = byUrl[url] || []).push(element);
    });
    Object.keys(byUrl).forEach(function (url) {
      fetch(url, {
        method: "POST",
        credentials: "same-origin",
        cache: "no-store",
        keepalive: true,
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (data) {
          if (data && typeof data.views === "number") {
            byUrl[url].forEach(function (element) {
              element.textContent = String(data.views);
            });
          }
        })
        .catch(function () {
          // The page keeps the number it was rendered with.
        });
    });
  }

  if (document.prerendering) {
    document.addEventListener("prerenderingchange", send, { once: true });
  } else {
    send();
  }
})();
