using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lifeline.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "actors",
                columns: table => new
                {
                    situation_id = table.Column<string>(type: "TEXT", nullable: false),
                    id = table.Column<string>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", nullable: false),
                    affiliations = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_actors", x => new { x.situation_id, x.id });
                });

            migrationBuilder.CreateTable(
                name: "event_versions",
                columns: table => new
                {
                    row_id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    situation_id = table.Column<string>(type: "TEXT", nullable: false),
                    event_id = table.Column<string>(type: "TEXT", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    time = table.Column<TimeOnly>(type: "TEXT", nullable: true),
                    time_precision = table.Column<int>(type: "INTEGER", nullable: false),
                    place_id = table.Column<string>(type: "TEXT", nullable: false),
                    geo_precision = table.Column<int>(type: "INTEGER", nullable: false),
                    type = table.Column<string>(type: "TEXT", nullable: false),
                    utility = table.Column<string>(type: "TEXT", nullable: true),
                    route_id = table.Column<string>(type: "TEXT", nullable: true),
                    actor1 = table.Column<string>(type: "TEXT", nullable: true),
                    actor2 = table.Column<string>(type: "TEXT", nullable: true),
                    fatalities = table.Column<int>(type: "INTEGER", nullable: true),
                    notes = table.Column<string>(type: "TEXT", nullable: false),
                    sources = table.Column<string>(type: "TEXT", nullable: false),
                    recorded_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    recorded_by = table.Column<string>(type: "TEXT", nullable: false),
                    reason = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_event_versions", x => x.row_id);
                });

            migrationBuilder.CreateTable(
                name: "events",
                columns: table => new
                {
                    row_id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    situation_id = table.Column<string>(type: "TEXT", nullable: false),
                    event_id = table.Column<string>(type: "TEXT", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    time = table.Column<TimeOnly>(type: "TEXT", nullable: true),
                    time_precision = table.Column<int>(type: "INTEGER", nullable: false),
                    place_id = table.Column<string>(type: "TEXT", nullable: false),
                    geo_precision = table.Column<int>(type: "INTEGER", nullable: false),
                    type = table.Column<string>(type: "TEXT", nullable: false),
                    utility = table.Column<string>(type: "TEXT", nullable: true),
                    route_id = table.Column<string>(type: "TEXT", nullable: true),
                    actor1 = table.Column<string>(type: "TEXT", nullable: true),
                    actor2 = table.Column<string>(type: "TEXT", nullable: true),
                    fatalities = table.Column<int>(type: "INTEGER", nullable: true),
                    notes = table.Column<string>(type: "TEXT", nullable: false),
                    sources = table.Column<string>(type: "TEXT", nullable: false),
                    recorded_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    recorded_by = table.Column<string>(type: "TEXT", nullable: false),
                    reason = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_events", x => x.row_id);
                });

            migrationBuilder.CreateTable(
                name: "places",
                columns: table => new
                {
                    situation_id = table.Column<string>(type: "TEXT", nullable: false),
                    id = table.Column<string>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", nullable: false),
                    name_en = table.Column<string>(type: "TEXT", nullable: false),
                    name_hy = table.Column<string>(type: "TEXT", nullable: true),
                    name_ru = table.Column<string>(type: "TEXT", nullable: true),
                    name_az = table.Column<string>(type: "TEXT", nullable: true),
                    latitude = table.Column<double>(type: "REAL", nullable: true),
                    longitude = table.Column<double>(type: "REAL", nullable: true),
                    coordinates_source = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_places", x => new { x.situation_id, x.id });
                });

            migrationBuilder.CreateTable(
                name: "reviews",
                columns: table => new
                {
                    row_id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    situation_id = table.Column<string>(type: "TEXT", nullable: false),
                    event_id = table.Column<string>(type: "TEXT", nullable: false),
                    verdict = table.Column<string>(type: "TEXT", nullable: false),
                    note = table.Column<string>(type: "TEXT", nullable: false),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    by = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reviews", x => x.row_id);
                });

            migrationBuilder.CreateTable(
                name: "situations",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    region = table.Column<string>(type: "TEXT", nullable: false),
                    start_date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    end_date = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    recorded_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_situations", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "sources",
                columns: table => new
                {
                    situation_id = table.Column<string>(type: "TEXT", nullable: false),
                    id = table.Column<string>(type: "TEXT", nullable: false),
                    publisher = table.Column<string>(type: "TEXT", nullable: false),
                    url = table.Column<string>(type: "TEXT", nullable: false),
                    title = table.Column<string>(type: "TEXT", nullable: true),
                    published = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    retrieved = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    reliability = table.Column<string>(type: "TEXT", maxLength: 1, nullable: false),
                    credibility = table.Column<int>(type: "INTEGER", nullable: false),
                    protect_identity = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sources", x => new { x.situation_id, x.id });
                });

            migrationBuilder.CreateTable(
                name: "routes",
                columns: table => new
                {
                    situation_id = table.Column<string>(type: "TEXT", nullable: false),
                    id = table.Column<string>(type: "TEXT", nullable: false),
                    ordinal = table.Column<int>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    via = table.Column<string>(type: "TEXT", nullable: false),
                    sources = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_routes", x => new { x.situation_id, x.id });
                    table.ForeignKey(
                        name: "fk_routes_situations_situation_id",
                        column: x => x.situation_id,
                        principalTable: "situations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "situation_figures",
                columns: table => new
                {
                    situation_id = table.Column<string>(type: "TEXT", nullable: false),
                    figure = table.Column<string>(type: "TEXT", nullable: false),
                    value = table.Column<long>(type: "INTEGER", nullable: false),
                    qualifier = table.Column<string>(type: "TEXT", nullable: true),
                    sources = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_situation_figures", x => new { x.situation_id, x.figure });
                    table.ForeignKey(
                        name: "fk_situation_figures_situations_situation_id",
                        column: x => x.situation_id,
                        principalTable: "situations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_event_versions_situation_id_event_id_version",
                table: "event_versions",
                columns: new[] { "situation_id", "event_id", "version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_events_situation_id_actor1",
                table: "events",
                columns: new[] { "situation_id", "actor1" });

            migrationBuilder.CreateIndex(
                name: "ix_events_situation_id_actor2",
                table: "events",
                columns: new[] { "situation_id", "actor2" });

            migrationBuilder.CreateIndex(
                name: "ix_events_situation_id_date_row_id",
                table: "events",
                columns: new[] { "situation_id", "date", "row_id" });

            migrationBuilder.CreateIndex(
                name: "ix_events_situation_id_event_id",
                table: "events",
                columns: new[] { "situation_id", "event_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_events_situation_id_place_id",
                table: "events",
                columns: new[] { "situation_id", "place_id" });

            migrationBuilder.CreateIndex(
                name: "ix_events_situation_id_type_date",
                table: "events",
                columns: new[] { "situation_id", "type", "date" });

            migrationBuilder.CreateIndex(
                name: "ix_reviews_situation_id_event_id",
                table: "reviews",
                columns: new[] { "situation_id", "event_id" });

            // Full-text search over event notes (FTS5), kept in step with the events table by triggers,
            // so every path that writes events (EF, bulk import) is searchable at once.
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE events_fts USING fts5(
                    notes, content='events', content_rowid='row_id', tokenize='unicode61 remove_diacritics 2');
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN
                    INSERT INTO events_fts(rowid, notes) VALUES (new.row_id, new.notes);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN
                    INSERT INTO events_fts(events_fts, rowid, notes) VALUES ('delete', old.row_id, old.notes);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER events_fts_update AFTER UPDATE OF notes ON events BEGIN
                    INSERT INTO events_fts(events_fts, rowid, notes) VALUES ('delete', old.row_id, old.notes);
                    INSERT INTO events_fts(rowid, notes) VALUES (new.row_id, new.notes);
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS events_fts_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS events_fts_delete;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS events_fts_insert;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS events_fts;");

            migrationBuilder.DropTable(
                name: "actors");

            migrationBuilder.DropTable(
                name: "event_versions");

            migrationBuilder.DropTable(
                name: "events");

            migrationBuilder.DropTable(
                name: "places");

            migrationBuilder.DropTable(
                name: "reviews");

            migrationBuilder.DropTable(
                name: "routes");

            migrationBuilder.DropTable(
                name: "situation_figures");

            migrationBuilder.DropTable(
                name: "sources");

            migrationBuilder.DropTable(
                name: "situations");
        }
    }
}
