import { describeFaultIsolation, FAULT_ISOLATION_RUNS } from './fault-isolation.js';

describeFaultIsolation(FAULT_ISOLATION_RUNS[8]);
