/* podscope embed.js: every <pre class="podscope"> on the page becomes a live podscope in an
 * iframe (docs/embedding.md). Plain ES2017, no dependencies, nothing requested but the
 * embed page next to this script. The <pre>'s text (YAML, optionally `---` and a scenario,
 * optionally a `#podscope v1` first line) travels in the iframe's URL fragment as
 * `v1:` + base64url (no padding) of its raw deflate: the format of podscope_core::link::encode.
 * Without JavaScript, or without CompressionStream, the <pre> stays as it is: readable YAML. */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || !script.src) {
    return;
  }
  var EMBED = new URL("embed.html", script.src);
  var ORIGIN = EMBED.origin;
  var DEFAULT_HEIGHT = 480;
  var MIN_HEIGHT = 120;
  var MAX_HEIGHT = 4000;
  var frames = [];

  function warn(message) {
    if (window.console && console.warn) {
      console.warn("podscope embed.js: " + message);
    }
  }

  if (typeof CompressionStream !== "function" || typeof TextEncoder !== "function") {
    warn("this browser has no CompressionStream: the podscope blocks stay as text.");
    return;
  }

  function base64url(bytes) {
    var binary = "";
    for (var i = 0; i < bytes.length; i += 0x8000) {
      binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  /* The fragment for a bundle text (without the '#'). */
  async function fragmentOf(text) {
    var stream = new Blob([new TextEncoder().encode(text)])
      .stream()
      .pipeThrough(new CompressionStream("deflate-raw"));
    var deflated = new Uint8Array(await new Response(stream).arrayBuffer());
    return "v1:" + base64url(deflated);
  }

  /* The bundle text of a <pre>: its text, without the blank lines around it. */
  function textOf(pre) {
    return pre.textContent.replace(/^\s*\n/, "").replace(/\s+$/, "") + "\n";
  }

  function flag(pre, name) {
    var v = pre.getAttribute("data-" + name);
    return v !== null && v !== "false" && v !== "0" && v !== "no";
  }

  function preferred() {
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches
      ? "dark"
      : "light";
  }

  /* The embed's query, from the <pre>'s data- attributes. */
  function queryOf(pre) {
    var q = new URLSearchParams();
    var runtime = pre.getAttribute("data-runtime");
    if (runtime) {
      q.set("runtime", runtime);
    }
    var panels = pre.getAttribute("data-panels");
    if (panels) {
      q.set("panels", panels);
    }
    var height = pre.getAttribute("data-height");
    if (height) {
      q.set("height", height);
    }
    ["readonly", "autoplay", "tour"].forEach(function (name) {
      if (flag(pre, name)) {
        q.set(name, "1");
      }
    });
    q.set("theme", pre.getAttribute("data-theme") || preferred());
    return q.toString();
  }

  function heightOf(pre) {
    var h = parseInt(pre.getAttribute("data-height"), 10);
    return h >= MIN_HEIGHT && h <= MAX_HEIGHT ? h : DEFAULT_HEIGHT;
  }

  async function embed(pre) {
    var fragment;
    try {
      fragment = await fragmentOf(textOf(pre));
    } catch (e) {
      warn("could not compress a podscope block: " + e);
      return;
    }
    var iframe = document.createElement("iframe");
    iframe.className = "podscope-embed";
    iframe.title = pre.getAttribute("title") || "podscope: a live Kubernetes pod";
    iframe.setAttribute("loading", "lazy");
    /* allow-same-origin: the embed fetches its wasm from its own origin and shares the
     * browser's cache with the full page (docs/embedding.md, "Sandbox"). */
    iframe.setAttribute("sandbox", "allow-scripts allow-same-origin allow-popups");
    iframe.style.width = "100%";
    iframe.style.border = "0";
    iframe.style.height = heightOf(pre) + "px";
    iframe.src = EMBED.href.split("#")[0] + "?" + queryOf(pre) + "#" + fragment;
    frames.push({ iframe: iframe, themed: !pre.hasAttribute("data-theme") });
    var button = pre.podscopeButton;
    if (button && button.parentNode) {
      button.parentNode.removeChild(button);
    }
    pre.replaceWith(iframe);
  }

  /* data-load="click": the <pre> stays readable, with a button that loads the live pod. */
  function offer(pre) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "podscope-load";
    button.textContent = "Load the live pod";
    button.addEventListener("click", function () {
      button.disabled = true;
      embed(pre);
    });
    pre.podscopeButton = button;
    pre.parentNode.insertBefore(button, pre.nextSibling);
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.origin !== ORIGIN || !data || data.podscope !== "height") {
      return;
    }
    var h = Number(data.height);
    if (!isFinite(h)) {
      return;
    }
    h = Math.max(MIN_HEIGHT, Math.min(MAX_HEIGHT, Math.ceil(h)));
    frames.forEach(function (f) {
      if (event.source === f.iframe.contentWindow &&
          event.origin === new URL(f.iframe.src).origin) {
        f.iframe.style.height = h + "px";
      }
    });
  });

  /* The host page's colours change (the reader's system setting): tell the embeds that follow
   * them. */
  if (window.matchMedia) {
    var media = window.matchMedia("(prefers-color-scheme: dark)");
    var onChange = function () {
      var theme = preferred();
      frames.forEach(function (f) {
        if (f.themed && f.iframe.contentWindow) {
          f.iframe.contentWindow.postMessage({ podscope: "theme", theme: theme }, ORIGIN);
        }
      });
    };
    if (media.addEventListener) {
      media.addEventListener("change", onChange);
    }
  }

  function start() {
    var pres = document.querySelectorAll("pre.podscope");
    Array.prototype.forEach.call(pres, function (pre) {
      if (pre.podscopeSeen) {
        return;
      }
      pre.podscopeSeen = true;
      if (pre.getAttribute("data-load") === "click") {
        offer(pre);
      } else {
        embed(pre);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
