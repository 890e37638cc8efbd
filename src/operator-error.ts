/**
 * An error whose message tells the operator what is wrong and what to do (a port in use, a
 * DATA_DIR another dialtone owns, PostgreSQL refusing to start). Start-up and the CLI print
 * it as one message without a stack; any other error is a bug and keeps its stack.
 */
export class OperatorError extends Error {}
