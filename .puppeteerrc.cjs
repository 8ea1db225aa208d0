/**
 * Puppeteer's own browser download cannot work on machines without general
 * internet access, and it makes a plain `npm install` fail there. The browser
 * is provisioned by scripts/setup-browser.sh instead (see README).
 * @type {import("puppeteer").Configuration}
 */
module.exports = {
  skipDownload: true,
};
