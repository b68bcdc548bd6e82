// The journal moved to src/engine/journal.ts (one engine for every live send); kept as a re-export
// so the publish modules and their tests import it from where they always did.
export { Journal, journalPath, parseJournal, writeFileDurably, type JournalData, type StepRecord, type StepState } from '../engine/journal.ts';
