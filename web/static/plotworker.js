// The plot worker: runs gonum/plot (plotworker.wasm, built from
// wasm/plotworker) off the main thread, so the main module can stay small
// and its first frame fast. The main module (wasm/plotremote.go) starts
// this worker after its first frame and posts {id, spec, w, h, scale};
// each answer is {id, width, height, pixels (a transferred ArrayBuffer of
// RGBA), area: {x, y, w, h}} or {id, error}. The worker also posts
// {ready: true, bytes} once gonum is loaded (bytes: what it downloaded), and {fatal: message} if it cannot
// load, after which it answers nothing.
'use strict';
importScripts('wasm_exec.js');

var queue = []; // requests that came before the module was ready
var ready = false;

self.dlplotReady = function () {
  ready = true;
  // What the worker downloaded (its own fetches are not in the page's
  // resource timing), so the page can count the whole visit.
  var bytes = 0;
  if (self.performance && performance.getEntriesByType) {
    performance.getEntriesByType('resource').forEach(function (e) { bytes += e.encodedBodySize || 0; });
  }
  self.postMessage({ ready: true, bytes: bytes });
  queue.splice(0).forEach(handle);
};

function handle(msg) {
  var r;
  try {
    r = self.dlplotRender(msg.spec, msg.w, msg.h, msg.scale);
  } catch (e) {
    r = { error: 'plot worker: ' + (e && e.message ? e.message : String(e)) };
  }
  if (!r || r.error) {
    self.postMessage({ id: msg.id, error: r ? r.error : 'plot worker: no answer' });
    return;
  }
  var buf = r.pixels.buffer;
  self.postMessage({ id: msg.id, width: r.width, height: r.height, pixels: buf, area: r.area }, [buf]);
}

self.onmessage = function (e) {
  if (ready) handle(e.data); else queue.push(e.data);
};

function fatal(err) {
  self.postMessage({ fatal: 'plot worker: ' + (err && err.message ? err.message : String(err)) });
}

// The module sits next to this script; the query (a content hash, if the
// page gave one) keeps a cached copy in step with the script.
var url = 'plotworker.wasm' + self.location.search;
var go = new Go();
fetch(url).then(function (resp) {
  if (!resp.ok) throw new Error('the server answered ' + resp.status + ' for ' + url);
  if (typeof WebAssembly.instantiateStreaming === 'function' &&
      (resp.headers.get('Content-Type') || '').indexOf('application/wasm') === 0) {
    return WebAssembly.instantiateStreaming(resp, go.importObject);
  }
  return resp.arrayBuffer().then(function (b) { return WebAssembly.instantiate(b, go.importObject); });
}).then(function (result) {
  return go.run(result.instance);
}).then(function () {
  fatal(new Error('gonum/plot stopped'));
}).catch(fatal);
