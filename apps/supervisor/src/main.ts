import { runSupervisor, stopOnSignals } from './supervisor';

/** The supervisor without the demo seeding (`npm start` adds it, scripts/start.js). */
const supervisor = runSupervisor();
stopOnSignals(supervisor);
void supervisor.stopped.then((code) => process.exit(code));
