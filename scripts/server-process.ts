/**
 * Imported at the top of the scripts that load the app's server modules (start, migrate,
 * secrets:rotate, the benchmarks, the test backend host). Those modules begin with
 * `import 'server-only'`, which Next.js turns into a build error in browser code and which
 * throws anywhere else; these processes are servers, so the marker may load here.
 */
import Module from 'node:module';

const marker = require.resolve('server-only');
const loaded = new Module(marker);
loaded.loaded = true;
loaded.exports = {};
require.cache[marker] = loaded;
