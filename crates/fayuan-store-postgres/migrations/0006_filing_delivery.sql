-- The electronic address an applicant gives in the complaint for service (在线诉讼规则
-- art. 29 (三): giving it is consent to electronic delivery). JSON: {"email","mobile"} or null.
ALTER TABLE filing_applications ADD COLUMN electronic_delivery TEXT NOT NULL DEFAULT 'null';
