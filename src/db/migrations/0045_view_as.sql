-- Issue 15 item 4 ("let an admin view the product as a team member would, read-only"): the
-- member an admin's browser session is viewing as, owned by src/auth. Read back on every
-- request, and honoured only while the session's own user is still an admin and the member
-- still belongs to the session's workspace; every write is refused while it is set.
ALTER TABLE sessions ADD COLUMN viewing_as_user_id uuid REFERENCES users(id) ON DELETE SET NULL;
