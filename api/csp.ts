// The Content-Security-Policy of every response (the console's pages above all): scripts only from
// this origin, no plugins, never framed. The built console (web/, Vite) runs under it; the browser
// suite walks every screen and fails on any violation (test/browser/csp.test.ts).
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  // antd writes its component styles into <style> elements at run time (CSS-in-JS).
  styleSrc: ["'self'", "'unsafe-inline'"],
  // Attachment previews are blob: URLs; the favicon is a data: URL.
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  // A PDF attachment is previewed in a frame before upload (a blob: URL) and after (this origin).
  frameSrc: ["'self'", 'blob:'],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};
