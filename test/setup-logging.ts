import { Logger } from '@nestjs/common';

// Tests print errors only; LOG_LEVEL=debug shows everything.
Logger.overrideLogger(
  process.env.LOG_LEVEL === 'debug' ? ['error', 'warn', 'log', 'debug', 'verbose'] : ['error'],
);
