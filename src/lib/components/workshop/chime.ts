/**
 * A gentle two-note chime (WebAudio), for the end of the timer. Best effort: a browser
 * that has not let the page make sound yet (no gesture) stays silent.
 */
let context: AudioContext | null = null;

export function playChime(): void {
	try {
		context ??= new AudioContext();
		const ctx = context;
		void ctx.resume().catch(() => {});
		const start = ctx.currentTime + 0.05;
		[660, 880].forEach((frequency, i) => {
			const osc = ctx.createOscillator();
			const gain = ctx.createGain();
			osc.type = 'sine';
			osc.frequency.value = frequency;
			const at = start + i * 0.35;
			gain.gain.setValueAtTime(0.0001, at);
			gain.gain.exponentialRampToValueAtTime(0.18, at + 0.04);
			gain.gain.exponentialRampToValueAtTime(0.0001, at + 1.2);
			osc.connect(gain).connect(ctx.destination);
			osc.start(at);
			osc.stop(at + 1.25);
		});
	} catch {
		// No WebAudio here: the screen still shows "Time is up".
	}
}
