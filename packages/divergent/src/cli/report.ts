// `divergent report DIR`: (re)writes a run's self-contained HTML report.
import type { Command } from 'commander';
import { writeReport } from '../viz/report.js';

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('(re)write DIR/report.html: training curves, pictures, final numbers and configuration of a run')
    .argument('<DIR>', 'a run folder (holding config.json and metrics.jsonl)')
    .addHelpText('after', '\nExample:\n  divergent report runs/vae-iwae   # then open runs/vae-iwae/report.html')
    .action(async (dir: string) => {
      const path = await writeReport(dir);
      console.log(`wrote ${path}`);
    });
}
