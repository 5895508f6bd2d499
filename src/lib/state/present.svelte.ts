import type { PortfolioSession } from './portfolio-session.svelte';

/**
 * "Present" on the shared screen: fullscreen (Fullscreen API), the screen kept awake
 * (Screen Wake Lock, when the browser has it), large high-contrast type and no editing
 * chrome (the session's `canEdit` is false while presenting; direct manipulation stays:
 * see `PortfolioSession.mayEdit`). Leaving fullscreen with
 * Esc ends it. Each of these is best effort: a browser that refuses fullscreen or the
 * wake lock still presents, and says which one it could not do.
 */
export class PresentMode {
	#session: PortfolioSession;
	#lock: WakeLockSentinel | null = null;
	/** What the browser refused, for a quiet note on screen. */
	note = $state('');

	constructor(session: PortfolioSession) {
		this.#session = session;
	}

	get active(): boolean {
		return this.#session.presenting;
	}

	async start(): Promise<void> {
		if (this.active) return;
		this.#session.presenting = true;
		this.#session.presence.setPresenting(true);
		document.addEventListener('fullscreenchange', this.#onFullscreen);
		document.addEventListener('visibilitychange', this.#onVisibility);
		const refused: string[] = [];
		try {
			if (!document.fullscreenElement) await document.documentElement.requestFullscreen();
		} catch {
			refused.push('full screen');
		}
		if (!(await this.#keepAwake())) refused.push('keeping the screen awake');
		this.note = refused.length ? `This browser did not allow ${refused.join(' or ')}.` : '';
	}

	async stop(): Promise<void> {
		if (!this.active) return;
		this.#session.presenting = false;
		this.#session.presence.setPresenting(false);
		this.note = '';
		document.removeEventListener('fullscreenchange', this.#onFullscreen);
		document.removeEventListener('visibilitychange', this.#onVisibility);
		const lock = this.#lock;
		this.#lock = null;
		await lock?.release().catch(() => {});
		if (document.fullscreenElement) await document.exitFullscreen().catch(() => {});
	}

	async #keepAwake(): Promise<boolean> {
		if (!('wakeLock' in navigator)) return false;
		try {
			this.#lock = await navigator.wakeLock.request('screen');
			return true;
		} catch {
			return false;
		}
	}

	/** Esc (or the browser) left fullscreen: presenting ends with it. */
	#onFullscreen = (): void => {
		if (!document.fullscreenElement && this.active) void this.stop();
	};

	/** The browser drops the wake lock when the tab is hidden: take it again on return. */
	#onVisibility = (): void => {
		if (
			document.visibilityState === 'visible' &&
			this.active &&
			(!this.#lock || this.#lock.released)
		) {
			void this.#keepAwake();
		}
	};
}
