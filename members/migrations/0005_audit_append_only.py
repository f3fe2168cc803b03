from django.db import migrations

# Audit entries are written once and never changed or removed: the database refuses
# UPDATE and DELETE on the table (TRUNCATE, used only by test teardown, is not a row event).
APPEND_ONLY = """
CREATE FUNCTION members_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit entries are append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER members_auditentry_append_only
BEFORE UPDATE OR DELETE ON members_auditentry
FOR EACH ROW EXECUTE FUNCTION members_auditentry_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS members_auditentry_append_only ON members_auditentry;
DROP FUNCTION IF EXISTS members_auditentry_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("members", "0004_officers_requests_audit")]

    operations = [
        migrations.RunSQL("DELETE FROM members_networkrole WHERE role = 'member'", migrations.RunSQL.noop),
        migrations.RunSQL(APPEND_ONLY, DROP),
    ]
