import { Rng } from './generate';

/**
 * A seeded MS Project XML file of `tasks` tasks for size and speed checks: summary tasks
 * at level 1 every 5–15 tasks with leaf tasks beneath, work on five resources (some
 * assignments timephased, some not), costs in hundredths as MS Project writes them, and
 * links that only point backwards (so there is never a cycle). Same seed, same file.
 */
export function generateMspdi(tasks: number, seed: number): string {
	const rng = new Rng(seed);
	const out: string[] = [
		'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
		'<Project xmlns="http://schemas.microsoft.com/project">',
		`<Name>generated-${seed}.xml</Name><Title>Generated ${tasks}</Title>`,
		'<StartDate>2027-01-04T08:00:00</StartDate><CalendarUID>1</CalendarUID><MinutesPerDay>480</MinutesPerDay>',
		'<Calendars><Calendar><UID>1</UID><Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar><BaseCalendarUID>-1</BaseCalendarUID><WeekDays>',
		...[1, 2, 3, 4, 5, 6, 7].map((d) =>
			d === 1 || d === 7
				? `<WeekDay><DayType>${d}</DayType><DayWorking>0</DayWorking></WeekDay>`
				: `<WeekDay><DayType>${d}</DayType><DayWorking>1</DayWorking><WorkingTimes><WorkingTime><FromTime>08:00:00</FromTime><ToTime>12:00:00</ToTime></WorkingTime><WorkingTime><FromTime>13:00:00</FromTime><ToTime>17:00:00</ToTime></WorkingTime></WorkingTimes></WeekDay>`
		),
		'</WeekDays></Calendar></Calendars>',
		'<Tasks><Task><UID>0</UID><ID>0</ID><Name>Generated</Name><OutlineLevel>0</OutlineLevel><Summary>1</Summary></Task>'
	];
	const assignments: string[] = [];
	const summaries: number[] = [];
	let nextSummary = 1;
	for (let uid = 1; uid <= tasks; uid++) {
		const isSummary = uid === nextSummary;
		if (isSummary) {
			nextSummary = uid + rng.int(5, 15);
			summaries.push(uid);
		}
		const startDay = rng.int(0, 700);
		const length = rng.int(1, 120);
		const start = day(startDay);
		const finish = day(startDay + length);
		const cost = rng.int(0, 5_000_000);
		const links =
			!isSummary && uid > 20 && rng.bool(0.2)
				? `<PredecessorLink><PredecessorUID>${rng.int(1, uid - 1)}</PredecessorUID><Type>1</Type></PredecessorLink>`
				: '';
		out.push(
			`<Task><UID>${uid}</UID><GUID>${guid(seed, uid)}</GUID><ID>${uid}</ID><Name>Task ${uid} &amp; co</Name>` +
				`<OutlineLevel>${isSummary ? 1 : 2}</OutlineLevel><Summary>${isSummary ? 1 : 0}</Summary>` +
				`<Start>${start}T08:00:00</Start><Finish>${finish}T17:00:00</Finish><Cost>${cost}</Cost>` +
				`<CalendarUID>-1</CalendarUID>${links}</Task>`
		);
		if (!isSummary && rng.bool(0.6)) {
			const hours = rng.int(8, 400);
			const phased = rng.bool(0.3)
				? `<TimephasedData><Type>1</Type><UID>${uid}</UID><Start>${start}T08:00:00</Start><Finish>${finish}T17:00:00</Finish><Unit>2</Unit><Value>PT${hours}H0M0S</Value></TimephasedData>`
				: '';
			assignments.push(
				`<Assignment><UID>${uid}</UID><TaskUID>${uid}</TaskUID><ResourceUID>${rng.int(1, 5)}</ResourceUID>` +
					`<Start>${start}T08:00:00</Start><Finish>${finish}T17:00:00</Finish><Work>PT${hours}H0M0S</Work>${phased}</Assignment>`
			);
		}
	}
	out.push('</Tasks><Resources>');
	for (let r = 1; r <= 5; r++) {
		out.push(
			`<Resource><UID>${r}</UID><ID>${r}</ID><Name>Team ${r}</Name><Type>1</Type><MaxUnits>${r}.00</MaxUnits><CalendarUID>1</CalendarUID></Resource>`
		);
	}
	out.push('</Resources><Assignments>', ...assignments, '</Assignments></Project>');
	return out.join('\n');
}

function day(offset: number): string {
	return new Date(Date.UTC(2027, 0, 4) + offset * 86_400_000).toISOString().slice(0, 10);
}

function guid(seed: number, uid: number): string {
	const hex = (n: number, width: number) => n.toString(16).toUpperCase().padStart(width, '0');
	return `${hex(seed & 0xffffffff, 8)}-0000-4000-8000-${hex(uid, 12)}`;
}
