// Stands in for source-map-js (scripts/bundle/unreachableModules.mjs): empty, as in postcss's own browser build,
// so postcss reads and writes no source maps.
module.exports = {};
