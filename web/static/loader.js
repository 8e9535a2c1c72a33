// Boots the WebAssembly visualizer: checks the browser can run it, streams
// the module with a progress bar, starts Go, and reports failures in words.
// The Go side (wasm/main.go) installs window.dlviz and calls
// dlprepBoot.started() and dlprepBoot.firstFrame(ms).
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var boot = { wasm: 'dlprep.wasm', wasmBytes: 0 };
  try { boot = JSON.parse($('dlprep-boot').textContent); } catch (e) { /* defaults */ }

  // State the e2e tests and the Go side read; times are performance.now() ms.
  var status = window.dlprepBoot = {
    phase: 'checking', // checking, downloading, compiling, starting, running, error
    loadedBytes: 0,
    totalBytes: boot.wasmBytes || 0,
    downloadedAt: null,
    startedAt: null,
    firstFrameAt: null,
    error: null,
    marks: {}, // named moments of the Go side's start-up, for timing
    violations: [], // Content-Security-Policy reports: the tests want none
    progressLog: [], // what the bar showed at each update, for the tests
    mark: function (name) { status.marks[name] = performance.now(); },
    started: function () { status.startedAt = performance.now(); setPhase('running'); },
    firstFrame: function () {
      if (status.firstFrameAt !== null) return;
      status.firstFrameAt = performance.now();
      $('loading').hidden = true;
      // A run that lasts is not a reload loop.
      setTimeout(function () { sessionStorage.removeItem('dlprep-context-lost'); }, 30000);
    },
    // alert is the Go side's way to tell a screen reader what the canvas
    // banner says ("that link was wrong, here is what you see instead").
    alert: function (msg) { if ($('alert').textContent !== msg) $('alert').textContent = msg; }
  };

  function setPhase(p, label) {
    status.phase = p;
    if (label) $('loading-label').textContent = label;
  }

  function fail(msg) {
    status.error = msg;
    setPhase('error');
    $('loading').hidden = true;
    $('fatal-message').textContent = msg;
    $('fatal').hidden = false;
  }

  var toggle = $('text-toggle');
  function setMirrorOpen(open) {
    $('mirror').classList.toggle('open', open);
    toggle.setAttribute('aria-expanded', String(open));
    if (open) $('mirror').focus();
  }
  function toggleMirror() { setMirrorOpen(!$('mirror').classList.contains('open')); }
  // The canvas draws its own Text button (in the top bar, where it covers
  // nothing); this one is for keyboards and screen readers.
  status.toggleMirror = toggleMirror;
  toggle.addEventListener('click', toggleMirror);
  document.querySelector('.skip-link').addEventListener('click', function () { setMirrorOpen(true); });
  document.addEventListener('securitypolicyviolation', function (e) {
    status.violations.push(e.violatedDirective + ' ' + e.blockedURI);
  });
  $('mirror').addEventListener('keydown', function (e) {
    if (e.key === 'Escape') { setMirrorOpen(false); toggle.focus(); }
  });

  // ebiten reloads the page when the WebGL context is lost. Say so, and stop
  // a loop of reloads on a machine that keeps losing it.
  document.addEventListener('webglcontextlost', function (e) {
    if (!e.target.isConnected) return;
    var n = Number(sessionStorage.getItem('dlprep-context-lost') || 0) + 1;
    sessionStorage.setItem('dlprep-context-lost', String(n));
    $('notice').textContent = 'The graphics context was lost (GPU reset or too many tabs); reloading…';
    $('notice').hidden = false;
  }, true);
  if (Number(sessionStorage.getItem('dlprep-context-lost') || 0) >= 3) {
    sessionStorage.removeItem('dlprep-context-lost');
    fail('The WebGL graphics context was lost three times in a row. Close other tabs that use the GPU, or try another browser, then reload.');
    return;
  }

  if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
    fail('This browser cannot run WebAssembly (it may be disabled, or the browser too old). Any current Chrome, Firefox, Safari or Edge can.');
    return;
  }
  var probe = document.createElement('canvas');
  var gl = null;
  try { gl = probe.getContext('webgl2'); } catch (e) { gl = null; }
  if (!gl) {
    fail('This browser has WebGL2 turned off or unavailable, and the drawing needs it. Enable hardware acceleration in the browser settings, or try another browser.');
    return;
  }
  var lose = gl.getExtension('WEBGL_lose_context');
  if (lose) lose.loseContext(); // free the probe's context; ebiten makes its own
  if (typeof Go !== 'function') {
    fail('wasm_exec.js did not load, so the Go runtime cannot start. Reload the page.');
    return;
  }

  var bar = $('loading-bar');
  function progress(n) {
    status.loadedBytes = n;
    if (status.totalBytes > 0) {
      var pct = Math.min(100, 100 * n / status.totalBytes);
      bar.value = pct;
      $('loading-detail').textContent = (n / 1e6).toFixed(1) + ' of ' + (status.totalBytes / 1e6).toFixed(1) + ' MB';
    } else {
      bar.removeAttribute('value'); // indeterminate
      $('loading-detail').textContent = (n / 1e6).toFixed(1) + ' MB';
    }
    if (status.progressLog.length < 4096) {
      status.progressLog.push({ bar: bar.value, detail: $('loading-detail').textContent });
    }
  }

  // countingResponse passes the body through while counting decoded bytes,
  // so instantiateStreaming still compiles while the bytes arrive.
  function countingResponse(resp) {
    var reader = resp.body.getReader();
    var n = 0;
    var stream = new ReadableStream({
      pull: function (ctl) {
        return reader.read().then(function (r) {
          if (r.done) { status.downloadedAt = performance.now(); setPhase('compiling', 'Starting…'); ctl.close(); return; }
          n += r.value.byteLength;
          progress(n);
          ctl.enqueue(r.value);
        });
      },
      cancel: function (why) { return reader.cancel(why); }
    });
    return new Response(stream, { headers: { 'Content-Type': 'application/wasm' } });
  }

  function instantiate(resp, imports) {
    if (!resp.ok) throw new Error('the server answered ' + resp.status + ' ' + resp.statusText + ' for ' + boot.wasm);
    if (!status.totalBytes && !resp.headers.get('Content-Encoding')) {
      status.totalBytes = Number(resp.headers.get('Content-Length')) || 0;
    }
    if (resp.body && typeof ReadableStream === 'function') {
      var counted = countingResponse(resp);
      if (typeof WebAssembly.instantiateStreaming === 'function') {
        return WebAssembly.instantiateStreaming(counted, imports);
      }
      resp = counted;
    }
    return resp.arrayBuffer().then(function (buf) {
      progress(buf.byteLength);
      status.downloadedAt = performance.now();
      setPhase('compiling', 'Starting…');
      return WebAssembly.instantiate(buf, imports);
    });
  }

  var go = new Go();
  setPhase('downloading', 'Downloading the visualizer…');
  progress(0);
  fetch(boot.wasm).then(function (resp) {
    return instantiate(resp, go.importObject);
  }).then(function (result) {
    setPhase('starting', 'Starting…');
    return go.run(result.instance);
  }).then(function () {
    fail('The visualizer stopped unexpectedly. Reload the page to start it again.');
  }).catch(function (err) {
    fail('Loading failed: ' + (err && err.message ? err.message : String(err)) + '. Reload to try again.');
  });
})();
