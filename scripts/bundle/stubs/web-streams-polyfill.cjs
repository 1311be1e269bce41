// Stands in for web-streams-polyfill (scripts/bundle/unreachableModules.mjs): fetch-blob loads it only without
// globalThis.ReadableStream, which Node has had since 18.
throw new Error('web-streams-polyfill is not in the bundle: fetch-blob needs it only where globalThis.ReadableStream is missing (Node < 18)');
