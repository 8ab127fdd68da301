/* The repairer's tablet: live job timers, the QR scanner, and htmx edge cases.
   No inline scripts anywhere (the CSP forbids them); jsQR is loaded only when a scan starts. */
(function () {
  "use strict";

  // ---- Live elapsed time of running jobs -------------------------------------------------
  // Each <time class="elapsed"> carries the job's start and the server's "now" at render, so a
  // tablet whose clock is off still counts from the right moment.
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function formatElapsed(seconds) {
    var s = Math.max(0, Math.floor(seconds));
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60);
    return (h ? h + ":" + pad(m) : m) + ":" + pad(s % 60);
  }
  function tick() {
    var timers = document.querySelectorAll("time.elapsed[data-started-at]");
    for (var i = 0; i < timers.length; i++) {
      var el = timers[i];
      if (!el.dataset.skew) {
        var serverNow = Date.parse(el.dataset.now || "");
        el.dataset.skew = String(isNaN(serverNow) ? 0 : Date.now() - serverNow);
      }
      var started = Date.parse(el.dataset.startedAt);
      if (isNaN(started)) continue;
      el.textContent = formatElapsed((Date.now() - Number(el.dataset.skew) - started) / 1000);
    }
  }
  tick();
  setInterval(tick, 1000);
  document.addEventListener("htmx:afterSettle", tick);

  // ---- htmx edge cases -------------------------------------------------------------------
  // Logged out meanwhile (idle log-out): the answer is the login page; go there for real.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var url = event.detail.xhr && event.detail.xhr.responseURL;
    if (url && /\/login(\?|$)/.test(url)) {
      event.detail.shouldSwap = false;
      window.location.href = url;
    }
  });
  // An error answer with nothing to show in place: nothing was swapped, so nothing typed is
  // lost. A server error may pass on a retry; a refused one (an expired CSRF token) needs a reload.
  function showServerError(show, status) {
    var banner = document.getElementById("server-error");
    if (!banner) return;
    if (show) banner.textContent = status >= 500 ? banner.dataset.msgRetry : banner.dataset.msgStale;
    banner.hidden = !show;
  }
  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    if (xhr && !xhr.getResponseHeader("HX-Error-Fragment")) showServerError(true, xhr.status);
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.successful) showServerError(false);
  });
  // A command's outcome appears under its buttons: make sure the repairer sees it.
  document.addEventListener("htmx:afterSettle", function (event) {
    var path = event.detail.pathInfo && event.detail.pathInfo.requestPath;
    if (!path || !/\/commands$/.test(path)) return;
    var report = document.querySelector("#commands .command-report");
    if (report) report.scrollIntoView({ block: "nearest", behavior: "smooth" });
  });

  // ---- QR scanner --------------------------------------------------------------------------
  var scanner = document.querySelector("[data-scanner]");
  if (!scanner) return;
  var form = document.getElementById("find-form");
  var input = document.getElementById("q");
  var status = scanner.querySelector("[data-scan-status]");
  var cameraButton = scanner.querySelector("[data-scan-camera]");
  var photoInput = scanner.querySelector("[data-scan-photo]");
  var view = scanner.querySelector("[data-scan-view]");
  var video = scanner.querySelector("[data-scan-video]");
  var stopButton = scanner.querySelector("[data-scan-stop]");
  var canvas = document.createElement("canvas");
  var context = canvas.getContext("2d", { willReadFrequently: true });
  var stream = null;
  var jsQRPromise = null;
  var MAX_SIDE = 1024;

  function say(key) { status.textContent = scanner.dataset[key] || ""; }

  function loadJsQR() {
    if (window.jsQR) return Promise.resolve(window.jsQR);
    if (!jsQRPromise) {
      jsQRPromise = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = scanner.dataset.jsqrSrc;
        script.onload = function () { resolve(window.jsQR); };
        script.onerror = function () { jsQRPromise = null; reject(new Error("jsQR")); };
        document.head.appendChild(script);
      });
    }
    return jsQRPromise;
  }

  // The one decode path for camera frames and photos: draw, read pixels, ask jsQR.
  function decode(source, width, height, attempts) {
    var scale = Math.min(1, MAX_SIDE / Math.max(width, height));
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    context.drawImage(source, 0, 0, canvas.width, canvas.height);
    var pixels = context.getImageData(0, 0, canvas.width, canvas.height);
    var code = window.jsQR(pixels.data, pixels.width, pixels.height, { inversionAttempts: attempts });
    return code && code.data ? code.data : null;
  }

  function found(text) {
    stopCamera();
    say("msgFound");
    input.value = text;
    form.submit();  // the server reads the number out of a label or rental link
  }

  function stopCamera() {
    if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
    stream = null;
    view.hidden = true;
    cameraButton.hidden = false;
  }

  function scanFrames() {
    if (!stream) return;
    if (video.readyState >= 2 && video.videoWidth) {
      var text = decode(video, video.videoWidth, video.videoHeight, "dontInvert");
      if (text) { found(text); return; }
    }
    window.requestAnimationFrame(scanFrames);
  }

  function startCamera() {
    say("msgLoading");
    Promise.all([
      loadJsQR(),
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
    ]).then(function (results) {
      stream = results[1];
      video.srcObject = stream;
      view.hidden = false;
      cameraButton.hidden = true;
      say("msgLooking");
      return video.play();
    }).then(scanFrames).catch(function () {
      stopCamera();
      say("msgNoCamera");
    });
  }

  function scanPhoto(file) {
    if (!file) return;
    say("msgReading");
    loadJsQR().then(function () {
      return new Promise(function (resolve, reject) {
        var image = new Image();
        var url = URL.createObjectURL(file);
        image.onload = function () { URL.revokeObjectURL(url); resolve(image); };
        image.onerror = function () { URL.revokeObjectURL(url); reject(new Error("image")); };
        image.src = url;
      });
    }).then(function (image) {
      var text = decode(image, image.naturalWidth, image.naturalHeight, "attemptBoth");
      if (text) found(text); else say("msgNoCode");
    }).catch(function () { say("msgNoCode"); })
      .then(function () { photoInput.value = ""; });
  }

  if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    cameraButton.hidden = false;
    cameraButton.addEventListener("click", startCamera);
  }
  stopButton.addEventListener("click", function () { stopCamera(); status.textContent = ""; });
  photoInput.addEventListener("change", function () { scanPhoto(photoInput.files[0]); });
  window.addEventListener("pagehide", stopCamera);
})();
