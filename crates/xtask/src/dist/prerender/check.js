// podscope: the picture before the wasm (written by `cargo xtask build`,
// crates/xtask/src/dist/prerender.rs). It runs first in <body>, before the picture is
// parsed, so the picture is not painted before it has decided: it sets the saved colour theme (as
// podscope-web's theme.rs will), and marks the pre-rendered pod as not this visit's
// (data-prerender="other" on <html>, which hides it) unless the app will open the default
// example at time zero: no share link in the address, and no saved session other than that
// example (podscope-web's storage.rs keys; gloo-storage keeps each value as JSON).
(function () {
  var root = document.documentElement;
  function saved(key) {
    try {
      var value = window.localStorage.getItem(key);
      return value === null ? null : JSON.parse(value);
    } catch (e) {
      return null;
    }
  }
  function has(key) {
    try {
      return window.localStorage.getItem(key) !== null;
    } catch (e) {
      return false;
    }
  }
  var theme = saved("podscope.theme");
  if (theme === "light" || theme === "dark") {
    root.setAttribute("data-theme", theme);
  }
  var example = __EXAMPLE__;
  var text = saved("podscope.yaml");
  var manifest = saved("podscope.manifest");
  var script = saved("podscope.script");
  var runtime = saved("podscope.runtime");
  var same = text === null || (
    text === example &&
    !has("podscope.running") &&
    (manifest === null || manifest === example) &&
    (typeof script !== "string" || script.trim() === "") &&
    (runtime === null || runtime === __RUNTIME__)
  );
  // A link: `#v` and a version, then `:` (podscope-core scenario/link.rs `is_link`).
  if (!same || /^#?v[1-9][0-9]{0,8}:/.test(window.location.hash)) {
    root.setAttribute("data-prerender", "other");
  }
})();
