// Reads an .ics file with ical.js (Mozilla's parser, the strict one) and prints what it understood
// as JSON: per VEVENT / VTODO its UID, summary, start, rule, alarm triggers and, for a repeating
// event, its occurrences from FROM to TO (both YYYY-MM-DD). Run by tests/reminders_ics.rs:
//   node ui/scripts/check-ics.mjs FILE.ics FROM TO
// Exits non-zero (ical.js's message on stderr) when the file does not parse.
import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';

const [file, from = '2026-01-01', to = '2029-12-31'] = process.argv.slice(2);
const text = readFileSync(file, 'utf8');
const root = new ICAL.Component(ICAL.parse(text));
if (root.name !== 'vcalendar') throw new Error(`not a VCALENDAR but ${root.name}`);
const out = [];
for (const c of [...root.getAllSubcomponents('vevent'), ...root.getAllSubcomponents('vtodo')]) {
  const start = c.getFirstPropertyValue('dtstart') ?? c.getFirstPropertyValue('due');
  const rrule = c.getFirstPropertyValue('rrule');
  const item = {
    type: c.name,
    uid: c.getFirstPropertyValue('uid'),
    summary: c.getFirstPropertyValue('summary'),
    start: start ? start.toString() : null,
    rrule: rrule ? rrule.toString() : null,
    triggers: c.getAllSubcomponents('valarm').map((a) => String(a.getFirstPropertyValue('trigger'))),
    occurrences: [],
  };
  if (c.name === 'vevent' && rrule) {
    const event = new ICAL.Event(c);
    const it = event.iterator();
    for (let next = it.next(), n = 0; next && n < 500; next = it.next(), n++) {
      const day = next.toString().slice(0, 10);
      if (day > to) break;
      if (day >= from) item.occurrences.push(day);
    }
  }
  out.push(item);
}
process.stdout.write(JSON.stringify(out));
