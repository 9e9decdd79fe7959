-- Who revoked an invitation, and when (docs/storage.md). A revoked
-- invitation also expires when it is revoked, so the sign-up rule reads
-- only `expires_at`; these two say why it expired. NULL both, or neither.
ALTER TABLE invitations ADD COLUMN revoked_at BIGINT;
ALTER TABLE invitations ADD COLUMN revoked_by TEXT REFERENCES accounts (user_id);
ALTER TABLE invitations ADD CONSTRAINT invitations_revoked_check
    CHECK ((revoked_at IS NULL) = (revoked_by IS NULL));
