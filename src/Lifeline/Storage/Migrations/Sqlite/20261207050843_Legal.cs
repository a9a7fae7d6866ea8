using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lifeline.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Legal : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "legal_record_versions",
                columns: table => new
                {
                    row_id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    salt = table.Column<byte[]>(type: "BLOB", nullable: false),
                    situation_id = table.Column<string>(type: "TEXT", nullable: false),
                    record_id = table.Column<string>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    parent = table.Column<string>(type: "TEXT", nullable: true),
                    date = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    content = table.Column<string>(type: "TEXT", nullable: false),
                    recorded_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    recorded_by = table.Column<string>(type: "TEXT", nullable: false),
                    recorded_by_user = table.Column<string>(type: "TEXT", nullable: true),
                    reason = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_legal_record_versions", x => x.row_id);
                });

            migrationBuilder.CreateTable(
                name: "legal_records",
                columns: table => new
                {
                    row_id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    situation_id = table.Column<string>(type: "TEXT", nullable: false),
                    record_id = table.Column<string>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    parent = table.Column<string>(type: "TEXT", nullable: true),
                    date = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    content = table.Column<string>(type: "TEXT", nullable: false),
                    recorded_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    recorded_by = table.Column<string>(type: "TEXT", nullable: false),
                    recorded_by_user = table.Column<string>(type: "TEXT", nullable: true),
                    reason = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_legal_records", x => x.row_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_legal_record_versions_situation_id_record_id_version",
                table: "legal_record_versions",
                columns: new[] { "situation_id", "record_id", "version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_legal_records_situation_id_kind_date",
                table: "legal_records",
                columns: new[] { "situation_id", "kind", "date" });

            migrationBuilder.CreateIndex(
                name: "ix_legal_records_situation_id_record_id",
                table: "legal_records",
                columns: new[] { "situation_id", "record_id" },
                unique: true);

            // The version table is append-only, like the others.
            migrationBuilder.Sql("CREATE TRIGGER legal_record_versions_no_update BEFORE UPDATE ON legal_record_versions BEGIN SELECT RAISE(ABORT, 'legal_record_versions is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER legal_record_versions_no_delete BEFORE DELETE ON legal_record_versions BEGIN SELECT RAISE(ABORT, 'legal_record_versions is append-only'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS legal_record_versions_no_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS legal_record_versions_no_delete;");

            migrationBuilder.DropTable(
                name: "legal_record_versions");

            migrationBuilder.DropTable(
                name: "legal_records");
        }
    }
}
