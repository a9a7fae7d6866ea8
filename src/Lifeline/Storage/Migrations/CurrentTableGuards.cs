namespace Lifeline.Storage.Migrations;

/// <summary>
/// The SQL of the RecordIntegrity migrations (both engines): triggers that keep each current table a copy of its
/// latest committed version. A current row may change only to the newest version its version table holds, column
/// for column, and is never deleted; a source's row may change only its grading, to its newest committed grading.
/// The server's own writes add the version and move the row in one statement batch, versions first.
/// </summary>
/// <remarks>
/// This stops mistakes and careless scripts, not someone who owns the database (they can drop a trigger); that
/// person's changes are what <c>lifeline ledger verify</c> reveals. Inserts are not checked here: bulk imports write
/// millions of rows, and a row inserted without its version is named by <c>ledger verify</c>. Released migrations
/// call this: change it only together with a new migration.
/// </remarks>
internal static class CurrentTableGuards
{
    /// <summary>A current table, the version table it copies, the record's id column, and the columns both share.</summary>
    internal sealed record Guarded(string Table, string Versions, string IdColumn, string VersionIdColumn, string[] Columns, string[] Unchanging);

    private static readonly string[] EventColumns =
    [
        "date", "time", "time_precision", "place_id", "geo_precision", "type", "utility", "route_id", "actor1", "actor2",
        "fatalities", "notes", "sources", "recorded_at", "recorded_by", "recorded_by_user", "reason", "stage",
    ];

    private static readonly string[] ObservationColumns =
    [
        "kind", "date", "date_precision", "end_date", "commodity", "amount", "low", "high", "unit", "qualifier", "location",
        "route", "carriers", "outcome", "per", "population_group", "market", "item", "currency", "factor", "compared_with",
        "baseline", "utility", "hours_per_day", "services_hit", "moved", "cumulative", "waiting", "counted", "area",
        "extreme_food_gap_share", "gam_under_five", "crude_death_rate", "under_five_death_rate", "override_reason",
        "sources", "notes", "recorded_at", "recorded_by", "recorded_by_user", "reason",
    ];

    private static readonly string[] AssessmentColumns =
    [
        "indicator", "factor", "as_of", "status", "confidence", "events", "sources", "evidence", "stanton_stages", "note",
        "recorded_at", "recorded_by", "recorded_by_user", "reason",
    ];

    public static readonly Guarded[] Tables =
    [
        new("events", "event_versions", "event_id", "event_id", EventColumns, ["row_id", "situation_id", "event_id", "author_id"]),
        new("supply_observations", "supply_observation_versions", "observation_id", "observation_id", ObservationColumns, ["row_id", "situation_id", "observation_id"]),
        new("assessments", "assessment_versions", "assessment_id", "assessment_id", AssessmentColumns, ["row_id", "situation_id", "assessment_id"]),
        new("sources", "source_versions", "id", "source_id", ["reliability", "credibility", "protect_identity"],
            ["situation_id", "id", "publisher", "url", "title", "published", "retrieved"]),
    ];

    /// <summary>
    /// The guards from migration DataRecordPlaceVersions on: an event's row also holds the happening it is part of and
    /// whether the status before it is unknown, and a source's dates are part of each version (a corrected date is a
    /// new version), so a source's row may change its grading and its dates, each to its newest committed version.
    /// </summary>
    public static readonly Guarded[] WithCorrections =
    [
        new("events", "event_versions", "event_id", "event_id", [.. EventColumns, "part_of", "gap_before"], ["row_id", "situation_id", "event_id", "author_id"]),
        new("sources", "source_versions", "id", "source_id", ["reliability", "credibility", "protect_identity", "published", "retrieved"],
            ["situation_id", "id", "publisher", "url", "title"]),
    ];

    /// <summary>
    /// From migration DataRecordPlaceVersions on, a place has versions too, and its row shows the latest; the row keeps
    /// the time and salt of its first version, to which the place's first ledger leaf commits.
    /// </summary>
    public static readonly Guarded Places = new("places", "place_versions", "id", "place_id",
        ["kind", "name_en", "name_hy", "name_ru", "name_az", "latitude", "longitude", "coordinates_source"], ["situation_id", "id", "recorded_at", "salt"]);

    private static string Message(Guarded t) =>
        $"{t.Table} holds the latest committed version of each record: a row may only move to the newest version in {t.Versions}, and is never deleted";

    /// <summary>The condition under which an update is refused; <paramref name="isNot"/> is the engine's null-safe "differs".</summary>
    private static string Refused(Guarded t, string isNot)
    {
        var unchanged = string.Join(" OR ", t.Unchanging.Select(c => $"NEW.{c} {isNot} OLD.{c}"));
        var same = string.Join(" AND ", t.Columns.Select(c => $"v.{c} {(isNot == "IS NOT" ? "IS" : "IS NOT DISTINCT FROM")} NEW.{c}"));
        var key = $"v.situation_id = NEW.situation_id AND v.{t.VersionIdColumn} = NEW.{t.IdColumn}";
        return $"{unchanged} OR NEW.version <= OLD.version"
            + $" OR NOT EXISTS (SELECT 1 FROM {t.Versions} v WHERE {key} AND v.version = NEW.version AND {same})"
            + $" OR EXISTS (SELECT 1 FROM {t.Versions} v WHERE {key} AND v.version > NEW.version)";
    }

    public static IEnumerable<string> SqliteUp() => SqliteUp(Tables);

    public static IEnumerable<string> SqliteUp(IEnumerable<Guarded> tables) => tables.SelectMany(t => new[]
    {
        SqliteCurrentOnly(t),
        $"CREATE TRIGGER {t.Table}_no_delete BEFORE DELETE ON {t.Table} BEGIN SELECT RAISE(ABORT, '{Message(t)}'); END;",
    });

    public static IEnumerable<string> SqliteDown() => SqliteDown(Tables);

    public static IEnumerable<string> SqliteDown(IEnumerable<Guarded> tables) => tables.SelectMany(t => new[]
    {
        $"DROP TRIGGER IF EXISTS {t.Table}_current_only;",
        $"DROP TRIGGER IF EXISTS {t.Table}_no_delete;",
    });

    /// <summary>Puts the update guards of <paramref name="tables"/> in place of the ones their tables have now (SQLite).</summary>
    public static IEnumerable<string> SqliteReplace(IEnumerable<Guarded> tables) => tables.SelectMany(t => new[]
    {
        $"DROP TRIGGER IF EXISTS {t.Table}_current_only;",
        SqliteCurrentOnly(t),
    });

    private static string SqliteCurrentOnly(Guarded t) =>
        $"CREATE TRIGGER {t.Table}_current_only BEFORE UPDATE ON {t.Table} WHEN {Refused(t, "IS NOT")} BEGIN SELECT RAISE(ABORT, '{Message(t)}'); END;";

    public static IEnumerable<string> PostgresUp() => Tables.SelectMany(t => new[]
    {
        PostgresCurrentOnlyFunction(t, "CREATE FUNCTION"),
        $"CREATE TRIGGER {t.Table}_current_only BEFORE UPDATE ON {t.Table} FOR EACH ROW EXECUTE FUNCTION lifeline_{t.Table}_current_only();",
        $"CREATE TRIGGER {t.Table}_no_delete BEFORE DELETE OR TRUNCATE ON {t.Table} FOR EACH STATEMENT EXECUTE FUNCTION lifeline_current_no_delete();",
    }).Prepend("""
        CREATE FUNCTION lifeline_current_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '% holds the latest committed version of each record and is never deleted', TG_TABLE_NAME;
        END;
        $$;
        """);

    /// <summary>Guards tables that had none, once <see cref="PostgresUp()"/> has run (its shared no-delete function exists).</summary>
    public static IEnumerable<string> PostgresAdd(IEnumerable<Guarded> tables) => tables.SelectMany(t => new[]
    {
        PostgresCurrentOnlyFunction(t, "CREATE FUNCTION"),
        $"CREATE TRIGGER {t.Table}_current_only BEFORE UPDATE ON {t.Table} FOR EACH ROW EXECUTE FUNCTION lifeline_{t.Table}_current_only();",
        $"CREATE TRIGGER {t.Table}_no_delete BEFORE DELETE OR TRUNCATE ON {t.Table} FOR EACH STATEMENT EXECUTE FUNCTION lifeline_current_no_delete();",
    });

    /// <summary>Takes the guards <see cref="PostgresAdd"/> put on <paramref name="tables"/> away again.</summary>
    public static IEnumerable<string> PostgresRemove(IEnumerable<Guarded> tables) => tables.SelectMany(t => new[]
    {
        $"DROP TRIGGER IF EXISTS {t.Table}_current_only ON {t.Table};",
        $"DROP TRIGGER IF EXISTS {t.Table}_no_delete ON {t.Table};",
        $"DROP FUNCTION IF EXISTS lifeline_{t.Table}_current_only();",
    });

    /// <summary>Puts the update guards of <paramref name="tables"/> in place of the ones their tables have now (PostgreSQL).</summary>
    public static IEnumerable<string> PostgresReplace(IEnumerable<Guarded> tables) =>
        tables.Select(t => PostgresCurrentOnlyFunction(t, "CREATE OR REPLACE FUNCTION"));

    private static string PostgresCurrentOnlyFunction(Guarded t, string create) => $"""
        {create} lifeline_{t.Table}_current_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF {Refused(t, "IS DISTINCT FROM")} THEN
                RAISE EXCEPTION '{Message(t)}';
            END IF;
            RETURN NEW;
        END;
        $$;
        """;

    /// <summary>
    /// The columns of <c>events</c> the guard compares since the StatusEnds migration: the first ones, the part and
    /// the gap of the record's corrections, and how long a status change lasts.
    /// </summary>
    public static readonly string[] EventColumnsWithEnds =
        [.. EventColumns, "part_of", "gap_before", "end_date", "end_time", "duration_hours", "until_further_notice", "hours_per_day"];

    /// <summary>Replaces the guard of <c>events</c> with one comparing <paramref name="columns"/> (SQLite).</summary>
    public static IEnumerable<string> SqliteEvents(string[] columns)
    {
        var events = Tables[0] with { Columns = columns };
        return
        [
            $"DROP TRIGGER IF EXISTS {events.Table}_current_only;",
            $"CREATE TRIGGER {events.Table}_current_only BEFORE UPDATE ON {events.Table} WHEN {Refused(events, "IS NOT")} BEGIN SELECT RAISE(ABORT, '{Message(events)}'); END;",
        ];
    }

    /// <summary>Replaces the guard of <c>events</c> with one comparing <paramref name="columns"/> (PostgreSQL).</summary>
    public static IEnumerable<string> PostgresEvents(string[] columns)
    {
        var events = Tables[0] with { Columns = columns };
        return
        [
            $"""
            CREATE OR REPLACE FUNCTION lifeline_{events.Table}_current_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF {Refused(events, "IS DISTINCT FROM")} THEN
                    RAISE EXCEPTION '{Message(events)}';
                END IF;
                RETURN NEW;
            END;
            $$;
            """,
        ];
    }

    /// <summary>The columns of <c>events</c> the guard compared before the StatusEnds migration (those of DataRecordPlaceVersions).</summary>
    public static string[] FirstEventColumns => WithCorrections[0].Columns;

    public static IEnumerable<string> PostgresDown() => Tables.SelectMany(t => new[]
    {
        $"DROP TRIGGER IF EXISTS {t.Table}_current_only ON {t.Table};",
        $"DROP TRIGGER IF EXISTS {t.Table}_no_delete ON {t.Table};",
        $"DROP FUNCTION IF EXISTS lifeline_{t.Table}_current_only();",
    }).Append("DROP FUNCTION IF EXISTS lifeline_current_no_delete();");
}
