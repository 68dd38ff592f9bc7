// The workflow bundler's logger for throw-away stacks: only its errors are worth a line.
export const quietBundlerLogger = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: (m: string) => console.error(m) };
