/**
 * Response headers of browser mode. The Content-Security-Policy allows the page's own scripts,
 * styles, images and the API socket on this origin, and nothing else: no inline script, no eval,
 * no framing, no other hosts. The renderer is built to need no more (Vite emits external files;
 * zod runs jitless; ECharts draws on a canvas).
 */
export function contentSecurityPolicy(origin: string): string {
  const socket = origin.replace(/^http:/, 'ws:');
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${socket}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

export function securityHeaders(origin: string): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(origin),
    'X-Content-Type-Options': 'nosniff',
    // The page URL holds the token: never send it anywhere as a referrer.
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    // Another page (even on another loopback port) may not embed our scripts or data.
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  };
}
