// Vite's `?raw` imports (a file's text at build time), used by tests that check repository files.
declare module "*?raw" {
  const text: string;
  export default text;
}
