namespace Lifeline.Storage.Migrations;

/// <summary>
/// The SQL of the AuditChain migrations (both engines) for the audit chain: a new audit entry must carry its
/// place in the chain, and the chain's head only moves forward and is never deleted. Like every trigger, this stops
/// mistakes, not someone who owns the database; <c>lifeline ledger verify</c> recomputes the chain. Released
/// migrations call this: change it only together with a new migration.
/// </summary>
internal static class AuditChainGuards
{
    private const string Unchained = "audit_log entries are written by Lifeline with their place in the audit chain";
    private const string Head = "audit_chain_head only moves forward, to the last entry of the audit chain";

    public static IEnumerable<string> SqliteUp() =>
    [
        $"CREATE TRIGGER audit_log_chained BEFORE INSERT ON audit_log WHEN NEW.seq IS NULL OR NEW.hash IS NULL BEGIN SELECT RAISE(ABORT, '{Unchained}'); END;",
        $"CREATE TRIGGER audit_chain_head_forward BEFORE UPDATE ON audit_chain_head WHEN NEW.id IS NOT OLD.id OR NEW.seq <= OLD.seq BEGIN SELECT RAISE(ABORT, '{Head}'); END;",
        $"CREATE TRIGGER audit_chain_head_no_delete BEFORE DELETE ON audit_chain_head BEGIN SELECT RAISE(ABORT, '{Head}'); END;",
    ];

    public static IEnumerable<string> SqliteDown() =>
    [
        "DROP TRIGGER IF EXISTS audit_log_chained;",
        "DROP TRIGGER IF EXISTS audit_chain_head_forward;",
        "DROP TRIGGER IF EXISTS audit_chain_head_no_delete;",
    ];

    public static IEnumerable<string> PostgresUp() =>
    [
        $"""
        CREATE FUNCTION lifeline_audit_log_chained() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.seq IS NULL OR NEW.hash IS NULL THEN
                RAISE EXCEPTION '{Unchained}';
            END IF;
            RETURN NEW;
        END;
        $$;
        """,
        "CREATE TRIGGER audit_log_chained BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION lifeline_audit_log_chained();",
        $"""
        CREATE FUNCTION lifeline_audit_chain_head_forward() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP <> 'UPDATE' OR NEW.id IS DISTINCT FROM OLD.id OR NEW.seq <= OLD.seq THEN
                RAISE EXCEPTION '{Head}';
            END IF;
            RETURN NEW;
        END;
        $$;
        """,
        "CREATE TRIGGER audit_chain_head_forward BEFORE UPDATE ON audit_chain_head FOR EACH ROW EXECUTE FUNCTION lifeline_audit_chain_head_forward();",
        "CREATE TRIGGER audit_chain_head_no_delete BEFORE DELETE OR TRUNCATE ON audit_chain_head FOR EACH STATEMENT EXECUTE FUNCTION lifeline_append_only();",
    ];

    public static IEnumerable<string> PostgresDown() =>
    [
        "DROP TRIGGER IF EXISTS audit_log_chained ON audit_log;",
        "DROP TRIGGER IF EXISTS audit_chain_head_forward ON audit_chain_head;",
        "DROP TRIGGER IF EXISTS audit_chain_head_no_delete ON audit_chain_head;",
        "DROP FUNCTION IF EXISTS lifeline_audit_log_chained();",
        "DROP FUNCTION IF EXISTS lifeline_audit_chain_head_forward();",
    ];
}
