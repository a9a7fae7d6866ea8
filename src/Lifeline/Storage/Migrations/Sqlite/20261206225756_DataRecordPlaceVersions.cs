using System;
using System.Linq;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lifeline.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DataRecordPlaceVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "version",
                table: "places",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.CreateTable(
                name: "place_versions",
                columns: table => new
                {
                    row_id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    situation_id = table.Column<string>(type: "TEXT", nullable: false),
                    place_id = table.Column<string>(type: "TEXT", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", nullable: false),
                    name_en = table.Column<string>(type: "TEXT", nullable: false),
                    name_hy = table.Column<string>(type: "TEXT", nullable: true),
                    name_ru = table.Column<string>(type: "TEXT", nullable: true),
                    name_az = table.Column<string>(type: "TEXT", nullable: true),
                    latitude = table.Column<double>(type: "REAL", nullable: true),
                    longitude = table.Column<double>(type: "REAL", nullable: true),
                    coordinates_source = table.Column<string>(type: "TEXT", nullable: true),
                    recorded_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    recorded_by = table.Column<string>(type: "TEXT", nullable: true),
                    reason = table.Column<string>(type: "TEXT", nullable: true),
                    salt = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_place_versions", x => x.row_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_place_versions_situation_id_place_id_version",
                table: "place_versions",
                columns: new[] { "situation_id", "place_id", "version" },
                unique: true);

            // Every place recorded so far becomes its own first version, with its row's time and salt, so that its
            // ledger leaf stays what it was; from now on a corrected place is a new version, like an event.
            migrationBuilder.Sql(
                "INSERT INTO place_versions (situation_id, place_id, version, kind, name_en, name_hy, name_ru, name_az, latitude, longitude, coordinates_source, recorded_at, salt) " +
                "SELECT situation_id, id, 1, kind, name_en, name_hy, name_ru, name_az, latitude, longitude, coordinates_source, recorded_at, salt FROM places");

            // The version table is append-only, like the others.
            migrationBuilder.Sql("CREATE TRIGGER place_versions_no_update BEFORE UPDATE ON place_versions BEGIN SELECT RAISE(ABORT, 'place_versions is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER place_versions_no_delete BEFORE DELETE ON place_versions BEGIN SELECT RAISE(ABORT, 'place_versions is append-only'); END;");

            // The current-table guards (migration RecordIntegrity) now also hold an event's part_of and gap_before to its
            // newest version, let a source's dates move, like its grading, only to its newest version, and keep each
            // place's row its newest version.
            foreach (var sql in CurrentTableGuards.SqliteReplace(CurrentTableGuards.WithCorrections).Concat(CurrentTableGuards.SqliteUp([CurrentTableGuards.Places])))
            {
                migrationBuilder.Sql(sql);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var sql in CurrentTableGuards.SqliteDown([CurrentTableGuards.Places])
                .Concat(CurrentTableGuards.SqliteReplace(CurrentTableGuards.Tables.Where(t => t.Table is "events" or "sources")))
                .Append("DROP TRIGGER IF EXISTS place_versions_no_update;").Append("DROP TRIGGER IF EXISTS place_versions_no_delete;"))
            {
                migrationBuilder.Sql(sql);
            }

            migrationBuilder.DropTable(
                name: "place_versions");

            migrationBuilder.DropColumn(
                name: "version",
                table: "places");
        }
    }
}
