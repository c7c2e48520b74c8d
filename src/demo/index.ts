/** The demo world: a simulated customer base for first start, screenshots and analytics tests. */
export { loadDemoWorld, type LoadDemoWorldOptions } from './load-demo-world.js';
export { generateDemoWorld, type ChurnDriver, type DemoWorld, type DemoAccount } from './generate-demo-world.js';
