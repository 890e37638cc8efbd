/** The dialtone CLI's entry point (bin/dialtone.js, `npm run dialtone`). */
import { runCli } from './program';

process.exitCode = await runCli(process.argv.slice(2));
