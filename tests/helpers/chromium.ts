/**
 * How every browser test and benchmark launches Chromium: Debian's build (browsers are
 * never downloaded here), no sandbox as root, and no background traffic to the closed
 * network.
 */
export const CHROMIUM_LAUNCH = {
	executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
	args: [
		'--no-sandbox',
		'--disable-gpu',
		'--disable-background-networking',
		'--disable-component-update',
		'--disable-quic',
		'--no-first-run',
		'--disable-sync'
	]
};
