// Package web serves and packs the browser build of the visualizer.
//
// Handler serves one static site folder (normally site/, built by
// `make wasm`): it picks a precompressed sibling (.br, .gz) by the request's
// Accept-Encoding, but only one made from the file as it is now (the pack
// state records the hash each variant came from), sets the Content-Type
// itself (application/wasm for the module), merges or drops pathological
// Range headers and never serves anything outside the folder. Pack prepares
// that folder: it copies index.html and web/static/*, stamps asset URLs with
// a content hash so they can be cached for good, records the module's size
// for the loading bar and writes the precompressed variants, each through a
// temporary file and a rename, so a folder can be packed while served
// (`serve -build` packs gzip first, brotli later).
//
// web must never import ebiten, core or the scenes: it is plain net/http and
// tested with net/http/httptest (`go test ./web/`). The real-browser tests
// live in e2e/.
package web
