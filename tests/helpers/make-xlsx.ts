/**
 * Writes tests/fixtures/import/projects.xlsx, the workbook the xlsx reader is tested on.
 * Run it again after changing it, and commit the workbook with it:
 *
 *   node --import tsx tests/helpers/make-xlsx.ts
 *
 * Sheet "Projects" has the columns of Cairn's CSV export (id … decision reason, cost
 * <period>, <role> <period>) and a few cells of each kind the reader must turn into
 * text: a formula with its cached result, a date, rich text, a hyperlink, a number that
 * floating point cannot hold exactly. Sheet "Roles" starts with two empty rows, so its
 * header is on row 3.
 */
import ExcelJS from 'exceljs';
import { fileURLToPath } from 'node:url';

const target = fileURLToPath(new URL('../fixtures/import/projects.xlsx', import.meta.url));

const workbook = new ExcelJS.Workbook();
workbook.creator = 'Cairn tests';
// Fixed dates so that running the script again writes the same workbook.
workbook.created = new Date(Date.UTC(2026, 11, 7));
workbook.modified = new Date(Date.UTC(2026, 11, 7));

const projects = workbook.addWorksheet('Projects');
projects.addRow([
	'id',
	'name',
	'description',
	'sponsor',
	'status',
	'decision',
	'decision reason',
	'cost 2027-Q1',
	'cost 2027-Q2',
	'Engineering 2027-Q1',
	'Engineering 2027-Q2',
	'start'
]);
projects.addRow([
	'p1',
	'CRM rollout',
	{ richText: [{ text: 'Replace the ' }, { text: 'old', font: { bold: true } }, { text: ' CRM' }] },
	'Ana Müller',
	'active',
	'auto',
	'',
	1234.5,
	{ formula: 'H2*2', result: 2469 },
	0.5,
	{ formula: '0.1+0.2', result: 0.1 + 0.2 },
	new Date(Date.UTC(2027, 0, 4))
]);
projects.addRow([
	'p2',
	{ text: 'Data platform', hyperlink: 'https://example.org/data' },
	'',
	'Chidi Okafor',
	'proposed',
	'in',
	'Board asked for it',
	300,
	null,
	1,
	2,
	new Date(Date.UTC(2027, 3, 1))
]);
projects.getCell('L2').numFmt = 'yyyy-mm-dd';
projects.getCell('L3').numFmt = 'dd/mm/yyyy';

const roles = workbook.addWorksheet('Roles');
roles.addRow([]);
roles.addRow([]);
roles.addRow(['role', '2027-Q1', '2027-Q2']);
roles.addRow(['Engineering', 4, 4.5]);
roles.addRow(['Design', 1, true]);

await workbook.xlsx.writeFile(target);
console.log(`wrote ${target}`);
