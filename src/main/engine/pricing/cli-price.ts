// `optick price …`: one calculator case from command-line flags, printed as JSON.
// e.g. optick price --model black76 --type call --F 24000 --K 24100 --T 0.02 --r 0.065 --sigma 0.14
//      optick price --model bsm --type put --S 100 --K 95 --T 0.5 --r 0.05 --q 0.01 --price 2.4
import { CalculatorInputError, priceCases } from './calculator.ts';

const NUMERIC = new Set(['F', 'S', 'K', 'T', 'r', 'q', 'sigma', 'price']);
const USAGE = 'usage: optick price --model black76|bsm --type call|put (--F <forward> | --S <spot>) --K <strike> --T <years> [--r <rate>] [--q <yield>] (--sigma <vol> | --price <premium>)';

/** Runs the command; prints the result (stdout) or the problem (stderr). Returns the exit code: 0 ok, 1 no result, 2 usage. */
export function runPriceCommand(argv: string[]): number {
  const c: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === '--help' || flag === '-h') { console.log(USAGE); return 0; }
    const name = flag.startsWith('--') ? flag.slice(2) : '';
    const raw = argv[i + 1];
    if (!name || raw === undefined) { console.error(`optick price: expected --flag value at '${flag}'\n${USAGE}`); return 2; }
    i++;
    if (NUMERIC.has(name)) {
      const v = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(v)) { console.error(`optick price: --${name} must be a number, got '${raw}'`); return 2; }
      c[name] = v;
    } else if (name === 'model' || name === 'type') {
      c[name] = raw;
    } else {
      console.error(`optick price: unknown flag --${name}\n${USAGE}`);
      return 2;
    }
  }
  try {
    const [result] = priceCases([c]);
    console.log(JSON.stringify(result, null, 2));
    if (!result || !result.ok) return 2;
    return result.iv_error ? 1 : 0;
  } catch (err) {
    if (err instanceof CalculatorInputError) { console.error(`optick price: ${err.message}`); return 2; }
    throw err;
  }
}
