using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lifeline.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SearchAndCalendar : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_events_situation_id_type_date",
                table: "events");

            migrationBuilder.CreateIndex(
                name: "ix_events_situation_id_type_date_row_id_route_id_utility_stage",
                table: "events",
                columns: new[] { "situation_id", "type", "date", "row_id", "route_id", "utility", "stage" });

            // While a bulk write holds a row in fts_deferred, the per-row full-text trigger stands aside and the
            // writer indexes each batch with one statement (about three times faster imports). The row never
            // outlives the batch, so every other write is indexed by the trigger as before.
            migrationBuilder.Sql("CREATE TABLE fts_deferred (marker INTEGER NOT NULL);");
            migrationBuilder.Sql("DROP TRIGGER events_fts_insert;");
            migrationBuilder.Sql("""
                CREATE TRIGGER events_fts_insert AFTER INSERT ON events WHEN NOT EXISTS (SELECT 1 FROM fts_deferred) BEGIN
                    INSERT INTO events_fts(rowid, notes) VALUES (new.row_id, new.notes);
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER events_fts_insert;");
            migrationBuilder.Sql("""
                CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN
                    INSERT INTO events_fts(rowid, notes) VALUES (new.row_id, new.notes);
                END;
                """);
            migrationBuilder.Sql("DROP TABLE fts_deferred;");

            migrationBuilder.DropIndex(
                name: "ix_events_situation_id_type_date_row_id_route_id_utility_stage",
                table: "events");

            migrationBuilder.CreateIndex(
                name: "ix_events_situation_id_type_date",
                table: "events",
                columns: new[] { "situation_id", "type", "date" });
        }
    }
}
