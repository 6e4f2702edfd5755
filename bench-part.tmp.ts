import { endToEndEdits, memoryAfterEdits, startWithWorkspace, variedThroughput } from './test/bench/honest';
const report = (name: string, value: string, target: string, pass: boolean) => console.log(`${pass ? 'PASS' : 'MISS'}  ${name}: ${value} (target ${target})`);
void (async () => {
  const which = process.argv[2];
  if (which === 'mem') await memoryAfterEdits(report);
  if (which === 'e2e') { variedThroughput(report); await endToEndEdits(report); await startWithWorkspace(report); }
})();
