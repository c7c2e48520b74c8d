-- Where a customer came from (issue 14 item 2: cohorts by acquisition channel), owned by
-- src/accounts. Free text as the CRM holds it (Salesforce Account Source, HubSpot Original
-- Source Type); cohorts, survival and time to value group by it.
ALTER TABLE accounts ADD COLUMN acquisition_channel text;
