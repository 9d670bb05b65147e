// Debian's chromium driven by playwright-core, shared by the browser tests. They fail (never skip) when chromium is
// missing: scripts/ci-browser-deps.sh installs it.
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";

const CHROMIUM = "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export async function launchChromium() {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/ci-browser-deps.sh (apt-get install chromium)`);
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/**
 * A page on which every request outside `origin` is aborted and recorded, and every script error or console error
 * is recorded: the tests assert both lists are empty, so a page that needs a CDN or throws fails.
 */
export async function isolatedPage(browser, origin, { viewport = { width: 1280, height: 900 }, allowConsole = [] } = {}) {
  const context = await browser.newContext({ viewport });
  const blocked = [];
  const problems = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`) || url.startsWith("data:")) return route.continue();
    blocked.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  page.on("pageerror", (err) => problems.push(err.message));
  page.on("console", (msg) => msg.type() === "error" && !allowConsole.some((re) => re.test(msg.text())) && problems.push(msg.text()));
  return { page, context, blocked, problems };
}
