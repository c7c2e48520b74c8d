/** The demo world: a simulated customer base for first start, screenshots and analytics tests. */
export { loadDemoWorld, type LoadDemoWorldOptions, type LoadedDemoWorld } from './load-demo-world.js';
export { generateDemoWorld } from './generate-demo-world.js';
export { planUsage, simulateUsage } from './simulate-usage.js';
export type { ChurnDriver, DemoAccount, DemoTruth, DemoWorld, RootCause } from './demo.types.js';
/** The hidden truth, for tests and benchmarks only: product features must never read it. */
export { findGroundTruth } from './demo.repository.js';
/** The hidden chance to churn at a renewal from the drivers acting by then: the ceiling backtests compare with (tests and benchmarks only). */
export { churnProbability } from './generate-demo-world.js';
