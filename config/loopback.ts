import { isIP } from 'node:net';

/** Whether a host name or address only ever means this machine (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost') || h === '::1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

/** The host of a URL or a host:port address. */
export const hostOf = (address: string) => (address.includes('://') ? new URL(address).hostname : address.replace(/:\d+$/, ''));
