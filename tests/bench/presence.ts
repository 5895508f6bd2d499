/**
 * Presence in a big workshop: N participants in one room all moving their pointers at
 * 60 Hz, each through the app's PresenceChannel (throttled to PRESENCE_MAX_RATE updates
 * a second). An observer client counts the awareness messages the relay forwards: the
 * relay receives and re-sends each one, so that is the relay's awareness rate. The
 * reference is the same room with every pointer move sent at once (no throttle).
 */
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { newPortfolioKeys } from '../../src/lib/sync/keys';
import {
	PRESENCE_COLORS,
	PRESENCE_MAX_RATE,
	PresenceChannel,
	type PresenceState
} from '../../src/lib/sync/presence';
import { sleep, stopChild } from './child';
import { startRelay } from './relay-load';

export interface PresenceConfig {
	participants: number;
	/** Pointer moves per second per participant (a mouse reports ~60). */
	moveRate: number;
	warmupS: number;
	durationS: number;
}

export interface PresenceRun {
	throttled: boolean;
	participants: number;
	moveRate: number;
	/** Awareness messages per second the observer received from the relay. */
	messagesPerS: number;
	/** The same, per participant. */
	perParticipantPerS: number;
	/** Pointer moves the participants made per second (all of them). */
	movesPerS: number;
}

/** The budget: what the throttle allows for the whole room. */
export function presenceBudget(participants: number): number {
	return participants * PRESENCE_MAX_RATE;
}

const MESSAGE_AWARENESS = 1;

function client(url: string, roomId: string, key: string): WebsocketProvider {
	return new WebsocketProvider(url, roomId, new Y.Doc(), {
		params: { key },
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true
	});
}

function synced(provider: WebsocketProvider): Promise<void> {
	return new Promise((resolve) => {
		if (provider.synced) resolve();
		else provider.once('sync', () => resolve());
	});
}

/** One run: throttled (the app) or not (the reference). */
export async function runPresence(
	config: PresenceConfig,
	throttled: boolean
): Promise<PresenceRun> {
	const server = await startRelay('ours-memory');
	const url = `ws://127.0.0.1:${server.port}/yjs`;
	const room = newPortfolioKeys();
	const providers: WebsocketProvider[] = [];
	const channels: PresenceChannel[] = [];
	let timer: ReturnType<typeof setInterval> | undefined;
	try {
		const observer = client(url, room.roomId, room.viewKey);
		providers.push(observer);
		let received = 0;
		const handle = observer.messageHandlers[MESSAGE_AWARENESS];
		observer.messageHandlers[MESSAGE_AWARENESS] = (...args) => {
			received++;
			handle(...args);
		};
		for (let i = 0; i < config.participants; i++)
			providers.push(client(url, room.roomId, room.editKey));
		await Promise.all(providers.map(synced));

		const states: PresenceState[] = providers.slice(1).map((_, i) => ({
			participant: `u-${i}`,
			name: `Person ${i}`,
			color: PRESENCE_COLORS[i % PRESENCE_COLORS.length],
			view: 'ranking',
			selection: null,
			pointer: { view: 'ranking', x: 0.5, y: 0.5 },
			idle: false,
			role: 'edit',
			presenting: false,
			summon: null
		}));
		providers
			.slice(1)
			.forEach((p, i) => channels.push(new PresenceChannel(p.awareness, states[i])));

		let moves = 0;
		let step = 0;
		timer = setInterval(() => {
			step++;
			providers.slice(1).forEach((p, i) => {
				const pointer = {
					view: 'ranking',
					x: (Math.sin(step / 20 + i) + 1) / 2,
					y: (Math.cos(step / 30 + i) + 1) / 2
				};
				moves++;
				if (throttled) channels[i].update({ pointer });
				else p.awareness.setLocalState({ ...states[i], pointer });
			});
		}, 1000 / config.moveRate);

		await sleep(config.warmupS * 1000);
		const startCount = received;
		const startMoves = moves;
		const started = performance.now();
		await sleep(config.durationS * 1000);
		const seconds = (performance.now() - started) / 1000;
		const messagesPerS = (received - startCount) / seconds;
		return {
			throttled,
			participants: config.participants,
			moveRate: config.moveRate,
			messagesPerS,
			perParticipantPerS: messagesPerS / config.participants,
			movesPerS: (moves - startMoves) / seconds
		};
	} finally {
		clearInterval(timer);
		for (const channel of channels) channel.destroy();
		for (const provider of providers) {
			provider.destroy();
			provider.awareness.destroy();
		}
		server.child.send({ type: 'stop' });
		await stopChild(server.child, 30_000);
	}
}
