-- A contact's phone number (issue 16, item 5): CRM exports carry one (Salesforce `Phone`,
-- HubSpot "Phone Number"). Free text as the CRM writes it; the API bounds its length.
ALTER TABLE contacts ADD COLUMN phone text;
