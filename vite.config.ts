import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { defineConfig } from 'vite';

export default defineConfig({
	// The optimiser's worker is a module worker; HiGHS is loaded by a dynamic import in it.
	worker: { format: 'es' },
	plugins: [
		sveltekit(),
		SvelteKitPWA({
			// The user decides when to reload: a workshop must never reload under someone's feet.
			registerType: 'prompt',
			injectRegister: false,
			manifest: {
				name: 'Cairn: portfolio planning',
				short_name: 'Cairn',
				description: 'Turn a strategy into a ranked, funded project portfolio, together.',
				theme_color: '#1f4e5f',
				background_color: '#f7f7f4',
				display: 'standalone',
				start_url: '/',
				scope: '/',
				icons: [
					{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
					{ src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
					{
						src: '/icons/icon-maskable-512.png',
						sizes: '512x512',
						type: 'image/png',
						purpose: 'maskable'
					}
				]
			},
			workbox: {
				// Every route is the same client-rendered shell: serve the prerendered `/` for
				// any navigation, so /p/<room> starts with no network.
				navigateFallback: '/',
				navigateFallbackDenylist: [/^\/yjs/, /^\/healthz/, /^\/metrics/],
				// The optimiser's worker is a .js chunk; its solver (HiGHS) is a 3.5 MB .wasm, so
				// the size limit is raised for it: the optimiser must work offline too.
				globPatterns: ['client/**/*.{js,css,ico,png,svg,webp,webmanifest,json,wasm}'],
				maximumFileSizeToCacheInBytes: 6 * 1024 * 1024
			}
		})
	]
});
