import { tick } from 'svelte';
import type { GridAxis, SpreadsheetState } from '$lib/state/spreadsheet.svelte';

/**
 * The DOM side of a spreadsheet grid (ARIA grid, one tab stop on the active cell):
 * arrow keys, Home/End and Page Up/Down move; typing on a selected cell starts a fresh
 * edit that replaces its content (as in Excel); F2, Enter or a double click edit it with
 * the caret after the content; Enter and Tab commit and move; Escape cancels; Delete
 * clears; Ctrl+R fills right; a pasted block lands at the active cell; a second tap on
 * the active cell (touch) edits it with the content selected, so typing replaces it.
 * Shared by every grid so they all behave the same; the state class holds the logic.
 */
export function spreadsheetHandlers(options: {
	grid: () => SpreadsheetState<GridAxis, GridAxis, unknown>;
	/** The DOM id of a cell (`<td>`). */
	cellId: (row: number, column: number) => string;
	/** The table, to tell a blur inside the grid from one leaving it. */
	table: () => HTMLElement | undefined;
	/** Draws and scrolls to row `row` when the grid draws only the rows in view. */
	reveal?: (row: number) => void;
}) {
	const { cellId } = options;

	/** Puts keyboard focus on the active cell (or its input while editing). */
	async function focusActive() {
		await tick();
		const { row, column } = options.grid().active;
		if (options.reveal) {
			options.reveal(row);
			await tick();
		}
		const cell = document.getElementById(cellId(row, column));
		const input = cell?.querySelector('input');
		const target = input ?? cell;
		if (target && document.activeElement !== target) {
			target.focus({ preventScroll: true });
			const grid = options.grid();
			if (input && grid.selectDraft) {
				// A second tap on a phone: the content is selected, the first key replaces it.
				input.select();
				grid.selectDraft = false;
			} else {
				// Like a spreadsheet: the caret goes after what is there (or was just typed).
				input?.setSelectionRange(input.value.length, input.value.length);
			}
		}
		cell?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
	}

	function isTyping(event: KeyboardEvent): boolean {
		return (
			event.key.length === 1 &&
			event.key !== ' ' &&
			!event.ctrlKey &&
			!event.metaKey &&
			!event.altKey
		);
	}

	function onkeydown(event: KeyboardEvent) {
		const grid = options.grid();
		const fill =
			(event.ctrlKey || event.metaKey) &&
			!event.altKey &&
			event.key.toLowerCase() === 'r' &&
			grid.canFillRight;
		if (grid.editing) {
			if (fill) {
				// Saves what is typed, then fills from it (and never reloads the page).
				if (grid.commit()) grid.fillRight();
			} else if (event.key === 'Enter') grid.commit(event.shiftKey ? 'up' : 'down');
			else if (event.key === 'Tab') grid.commit(event.shiftKey ? 'left' : 'right');
			else if (event.key === 'Escape') grid.cancelEditing();
			else if (isTyping(event) && !(event.target instanceof HTMLInputElement)) {
				// A key that arrived before the input took focus belongs to the draft.
				grid.type(event.key);
			} else return;
			event.preventDefault();
			void focusActive();
			return;
		}
		const { row, column } = grid.active;
		const last = { row: grid.rows.length - 1, column: grid.columns.length - 1 };
		const ctrl = event.ctrlKey || event.metaKey;
		switch (event.key) {
			case 'ArrowUp':
				grid.moveBy(-1, 0);
				break;
			case 'ArrowDown':
				grid.moveBy(1, 0);
				break;
			case 'ArrowLeft':
				grid.moveBy(0, -1);
				break;
			case 'ArrowRight':
				grid.moveBy(0, 1);
				break;
			case 'PageUp':
				grid.moveBy(-10, 0);
				break;
			case 'PageDown':
				grid.moveBy(10, 0);
				break;
			case 'Home':
				grid.moveTo(ctrl ? 0 : row, 0);
				break;
			case 'End':
				grid.moveTo(ctrl ? last.row : row, last.column);
				break;
			case 'Tab':
				// Tab walks the cells of a row, then leaves the grid at its edge.
				if (event.shiftKey ? column === 0 : column === last.column) return;
				grid.moveBy(0, event.shiftKey ? -1 : 1);
				break;
			case 'Enter':
			case 'F2':
				grid.startEditing();
				break;
			case 'Delete':
			case 'Backspace':
				grid.clear();
				break;
			default:
				if (fill) {
					// Ctrl+R is "reload" in a browser; inside the grid it is the spreadsheet's fill right.
					grid.fillRight();
					break;
				}
				if (!isTyping(event)) return;
				// A fresh edit: the key replaces what the cell held (15 over 9 is 15, not 915).
				if (!grid.type(event.key)) return;
		}
		event.preventDefault();
		void focusActive();
	}

	function onpaste(event: ClipboardEvent) {
		const grid = options.grid();
		const text = event.clipboardData?.getData('text/plain') ?? '';
		// A single value typed into the cell being edited pastes like any text field.
		if (grid.editing && !/[\t\r\n]/.test(text)) return;
		event.preventDefault();
		grid.cancelEditing();
		grid.paste(text);
		void focusActive();
	}

	/** Whether the grid had focus before this press (a click focuses the cell it lands on). */
	let hadFocus = false;
	/** Whether the last press was a finger (a second tap edits) or a mouse (a double click does). */
	let touch = false;

	function onpointerdown(event: PointerEvent) {
		hadFocus = options.table()?.contains(document.activeElement) ?? false;
		touch = event.pointerType === 'touch' || event.pointerType === 'pen';
	}

	function onclickcell(row: number, column: number) {
		const grid = options.grid();
		const active = grid.active;
		// The first click into the grid only selects, even on the cell that was active.
		const wasActive = hadFocus && active.row === row && active.column === column;
		hadFocus = true;
		if (grid.editing && wasActive) return;
		if (grid.editing && !grid.commit()) return;
		grid.moveTo(row, column);
		// A second tap on the active cell edits it (phones have no F2), its content
		// selected so that typing replaces it. A mouse click only selects, as in Excel.
		if (wasActive && touch) grid.startEditing(undefined, { selectAll: true });
		void focusActive();
	}

	/** A double click edits the cell, the caret after its content (Excel's double click). */
	function ondblclickcell(row: number, column: number) {
		const grid = options.grid();
		if (grid.editing) return;
		grid.moveTo(row, column);
		grid.startEditing();
		void focusActive();
	}

	function onblurinput(event: FocusEvent) {
		const grid = options.grid();
		const next = event.relatedTarget as Node | null;
		if (next && options.table()?.contains(next)) return;
		// Leaving the grid keeps what was typed when it is valid, and drops it otherwise.
		if (grid.editing && !grid.commit()) grid.cancelEditing();
	}

	return {
		onkeydown,
		onpaste,
		onpointerdown,
		onclickcell,
		ondblclickcell,
		onblurinput,
		focusActive
	};
}
