import type { ProductCatalog } from '../usage/index.js';

/**
 * The demo product's features (the event names `simulate-usage.ts` sends), grouped as a CS
 * team would name them. The demo flows' onboarding events stay out, so the catalog screen
 * shows a few names waiting for review, as a live workspace would.
 */
export const DEMO_PRODUCT_CATALOG: ProductCatalog = {
  features: [
    { key: 'dashboards', name: 'Dashboards', group: 'Core', description: null, events: ['dashboard_viewed'] },
    { key: 'reporting', name: 'Reporting', group: 'Core', description: 'Building and sharing reports', events: ['report_created', 'report_shared'] },
    { key: 'alerts', name: 'Alerts', group: 'Core', description: null, events: ['alert_configured'] },
    { key: 'exports', name: 'Exports', group: 'Core', description: null, events: ['export_downloaded'] },
    { key: 'automation', name: 'Automation', group: 'Advanced', description: null, events: ['automation_run'] },
    { key: 'integrations', name: 'Integrations', group: 'Advanced', description: null, events: ['integration_synced'] },
    { key: 'analytics', name: 'Analytics add-on', group: 'Add-ons', description: 'Analyses and forecasts', events: ['analysis_run', 'forecast_viewed'] },
  ],
  ignored: [],
};
