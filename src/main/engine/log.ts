// Minimal structured logger: one line per event with time, level, area and message.
// Secrets never reach it: callers log keys and counts, not tokens.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type Logger = (level: LogLevel, message: string) => void;

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function consoleLogger(area: string, min: LogLevel = 'info'): Logger {
  return (level, message) => {
    if (ORDER[level] < ORDER[min]) return;
    process.stderr.write(`${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} [${area}] ${message}\n`);
  };
}

export const silentLogger: Logger = () => {};
