import type { LogSize, RoomInfo, RoomLog, Store } from '../../server/store/store';

/**
 * A store that keeps nothing: the relay with "persistence off". Every room loads empty
 * and every append succeeds at once, so the relay's own work (decode, apply, fan-out,
 * saved messages) is measured without SQLite.
 */
export class NullStore implements Store {
	async loadRoom(): Promise<RoomLog> {
		return { updates: [], rows: 0, bytes: 0 };
	}

	async append(): Promise<void> {}

	async compact(): Promise<LogSize> {
		return { rows: 0, bytes: 0 };
	}

	async listRooms(): Promise<RoomInfo[]> {
		return [];
	}

	async close(): Promise<void> {}
}
