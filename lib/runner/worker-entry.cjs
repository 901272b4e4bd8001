// Worker-thread bootstrap: Node 20 does not carry `--import` loaders into worker threads,
// so register tsx's CommonJS hooks in this thread, then load the TypeScript worker.
require('tsx/cjs');
require('./worker.ts');
