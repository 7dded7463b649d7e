/** The supervisor's structured log: one JSON object a line on stderr (its children log on their own). */
export type SupervisorLog = (
  level: 'log' | 'warn' | 'error',
  msg: string,
  fields?: Record<string, unknown>,
) => void;

export const jsonLog: SupervisorLog = (level, msg, fields = {}) => {
  const line = { time: new Date().toISOString(), level, context: 'Supervisor', msg, ...fields };
  process.stderr.write(`${JSON.stringify(line)}\n`);
};
