import { bundledQuestions } from './bench/questions-bundled.js';
import { archivistSystem, openArchive } from './bench/systems/archivist.js';
const a = await openArchive({ dataDir: 'data/articles', cacheFile: false });
const b = archivistSystem(a);
for (const q of bundledQuestions) { const ids = b.ask(q.question); const r = ids.findIndex((id) => q.expected.includes(id)); if (r !== 0) console.log(r, q.question, ids.slice(0, 3), q.expected); }
for (const w of ['phone', 'smartphon', 'gift', 'give', 'spy', 'espionag', 'joke', 'jest']) console.log(w, a.index.lexicon.synonyms(w));
