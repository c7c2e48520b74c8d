export { prepareFirstStart, type FirstStartOptions, type FirstStartResult } from './first-start.js';
