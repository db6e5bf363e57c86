/* lexcsto: the search index is shipped once, as search/search_index.js (which Material loads from file://),
   not also as search/search_index.json (which it fetches over http). Over http this polyfill, loaded before
   Material's bundle, answers the request for the .json from the .js: it loads the script, then serves its
   value from a blob: URL. Nothing leaves the site. */
(function () {
  "use strict";
  if (location.protocol === "file:" || !window.XMLHttpRequest) return;
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  var INDEX = /search\/search_index\.json(?:[?#].*)?$/;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.__lxIndex = INDEX.test(String(url)) ? String(url).replace(/\.json(?=[?#]|$)/, ".js") : null;
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var xhr = this, args = arguments;
    if (!xhr.__lxIndex) return send.apply(xhr, args);
    var type = xhr.responseType;
    var script = document.createElement("script");
    script.src = xhr.__lxIndex;
    script.onload = function () {
      var blob = new Blob([JSON.stringify(window.__index)], { type: "application/json" });
      xhr.__lxIndex = null;
      open.call(xhr, "GET", URL.createObjectURL(blob));
      xhr.responseType = type;
      send.call(xhr);
    };
    script.onerror = function () { send.apply(xhr, args); };
    document.head.appendChild(script);
  };
})();
