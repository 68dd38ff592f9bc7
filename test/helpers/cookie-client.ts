// A small HTTP client that keeps cookies and follows redirects like a browser: enough to walk an
// OpenID Connect sign-in through a real identity provider's HTML forms without a browser.

export class CookieClient {
  private jar = new Map<string, string>();

  cookie(name: string): string | undefined {
    return this.jar.get(name);
  }

  private keep(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]!) < Date.now()));
      if (expired || value === '') this.jar.delete(name);
      else this.jar.set(name, value);
    }
  }

  /** One request, no redirect followed. */
  async send(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.jar.size) headers.set('cookie', [...this.jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    this.keep(response);
    return response;
  }

  /** Follows redirects (as a browser would, GET after 302/303) until a page answers; returns it and where it ended. */
  async follow(url: string, init: RequestInit = {}, stopAt?: (url: string) => boolean): Promise<{ response: Response; url: string }> {
    let current = url;
    let response = await this.send(current, init);
    for (let hops = 0; response.status >= 300 && response.status < 400; hops++) {
      if (hops > 20) throw new Error(`too many redirects from ${url}`);
      current = new URL(response.headers.get('location')!, current).href;
      if (stopAt?.(current)) return { response, url: current };
      response = await this.send(current);
    }
    return { response, url: current };
  }

  /** Submits the page's first form with its hidden inputs plus `fields`. */
  async submit(page: { response: Response; url: string }, fields: Record<string, string>): Promise<{ response: Response; url: string }> {
    const html = await page.response.text();
    const form = /<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
    if (!form) throw new Error(`no form on ${page.url}: ${html.slice(0, 300)}`);
    const hidden = Object.fromEntries([...form[2]!.matchAll(/<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"/gi)].map((m) => [m[1]!, m[2]!]));
    const body = new URLSearchParams({ ...hidden, ...fields });
    return this.follow(new URL(form[1]!.replace(/&amp;/g, '&'), page.url).href, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  }
}
