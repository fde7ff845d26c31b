// A line-oriented driver of Debian's chromium for livecontrol's Java browser tests (BrowserDriver.java).
// stdin: one JSON command per line; stdout: one JSON reply per line {id, ok, value | error}; page console
// and page errors go to stderr. Each page gets its own browser context (own localStorage, so own peer id).
//
//   {"id":1,"cmd":"open","page":"tv","url":"http://127.0.0.1:3010/display","width":1920,"height":1080}
//     (optional "initScript": JavaScript run in the page before its own scripts)
//   {"id":2,"cmd":"eval","page":"tv","js":"document.body.dataset.slide"}
//   {"id":3,"cmd":"click","page":"remote","selector":"#next"}
//   {"id":4,"cmd":"fill","page":"remote","selector":"#index","value":"3"}
//   {"id":5,"cmd":"screenshot","page":"tv","path":"/tmp/x.png"}
//   {"id":6,"cmd":"quit"}
import { chromium } from 'playwright-core';
import readline from 'node:readline';

const executablePath = process.env.LIVECONTROL_CHROMIUM || '/usr/bin/chromium';
const browser = await chromium.launch({
  executablePath,
  headless: true,
  // root in CI needs --no-sandbox; mDNS-obfuscated candidates stay on (Chromium's default)
  // tv.local → 127.0.0.1: a page of that origin is plain http on a name that is not loopback, so NOT a secure
  // context (no crypto.subtle), as a TV on http://192.168.1.5:3010 is; .local passes the signaling origin policy
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--host-resolver-rules=MAP tv.local 127.0.0.1'],
});
const pages = new Map();

function reply(obj) {
  process.stdout.write(JSON.stringify(obj) + '\n');
}

function page(name) {
  const p = pages.get(name);
  if (!p) throw new Error(`no page named '${name}'`);
  return p;
}

async function run(c) {
  switch (c.cmd) {
    case 'version':
      return browser.version();
    case 'open': {
      const context = await browser.newContext({ viewport: { width: c.width || 1920, height: c.height || 1080 } });
      // a test may run a script before the page's own (e.g. a rogue leader's tampering, seen from the page)
      if (c.initScript) await context.addInitScript(c.initScript);
      const p = await context.newPage();
      p.on('console', (m) => process.stderr.write(`[${c.page} console.${m.type()}] ${m.text()}\n`));
      p.on('pageerror', (e) => process.stderr.write(`[${c.page} pageerror] ${e.message}\n`));
      await p.goto(c.url, { waitUntil: 'load', timeout: 20000 });
      pages.set(c.page, p);
      return p.url();
    }
    case 'eval':
      return page(c.page).evaluate(c.js);
    case 'click':
      await page(c.page).click(c.selector, { timeout: 10000 });
      return null;
    case 'fill':
      await page(c.page).fill(c.selector, c.value, { timeout: 10000 });
      return null;
    case 'screenshot':
      await page(c.page).screenshot({ path: c.path });
      return c.path;
    case 'closePage': {
      const p = page(c.page);
      pages.delete(c.page);
      await p.context().close();
      return null;
    }
    case 'quit':
      await browser.close();
      reply({ id: c.id, ok: true, value: null });
      process.exit(0);
      return null;
    default:
      throw new Error(`unknown command '${c.cmd}'`);
  }
}

const rl = readline.createInterface({ input: process.stdin });
rl.on('line', async (line) => {
  if (!line.trim()) return;
  let c;
  try {
    c = JSON.parse(line);
  } catch (e) {
    reply({ id: null, ok: false, error: `bad command line: ${e.message}` });
    return;
  }
  try {
    reply({ id: c.id, ok: true, value: (await run(c)) ?? null });
  } catch (e) {
    reply({ id: c.id, ok: false, error: String(e && e.stack || e) });
  }
});
// the test JVM died or closed our stdin: never outlive it
rl.on('close', async () => {
  await browser.close().catch(() => {});
  process.exit(0);
});
reply({ id: 0, ok: true, value: 'ready' });
