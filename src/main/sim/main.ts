// Direct entry for the simulator alone: `npx node src/main/sim/main.ts --port 7000`.
import { runSimCommand } from './sim-command.ts';

process.exitCode = await runSimCommand(process.argv.slice(2));
