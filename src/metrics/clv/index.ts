// Customer lifetime value for transactional customers: BG/NBD purchases and drop-out,
// Gamma-Gamma spend. Pure computation over a transaction log; no database.
export { parseTransactions, parseDay, formatDay, LAYOUT_HELP, type Transaction } from './transactions.js';
export {
  summarizeTransactions,
  DAYS_PER_WEEK,
  type CustomerSummary,
  type SummaryOptions,
  type TransactionSummary,
} from './customer-summary.js';
export {
  bgNbdLogLikelihood,
  bgNbdTotalLogLikelihood,
  fitBgNbd,
  conditionalExpectedPurchases,
  probabilityAlive,
  type BgNbdParams,
  type BgNbdFit,
  type History,
} from './bg-nbd.js';
export {
  gammaGammaLogLikelihood,
  fitGammaGamma,
  conditionalExpectedAmount,
  type GammaGammaParams,
  type GammaGammaFit,
  type SpendHistory,
} from './gamma-gamma.js';
export { fitCustomerValue, type CustomerValue, type CustomerValueFit } from './fit-customer-value.js';
