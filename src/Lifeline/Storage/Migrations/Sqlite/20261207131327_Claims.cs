using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lifeline.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Claims : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "claim_versions",
                columns: table => new
                {
                    row_id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    salt = table.Column<byte[]>(type: "BLOB", nullable: false),
                    situation_id = table.Column<string>(type: "TEXT", nullable: false),
                    claim_id = table.Column<string>(type: "TEXT", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    made = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    type = table.Column<string>(type: "TEXT", nullable: false),
                    standing = table.Column<string>(type: "TEXT", nullable: true),
                    stage = table.Column<string>(type: "TEXT", nullable: false),
                    author_id = table.Column<string>(type: "TEXT", nullable: true),
                    content = table.Column<string>(type: "TEXT", nullable: false),
                    recorded_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    recorded_by = table.Column<string>(type: "TEXT", nullable: false),
                    recorded_by_user = table.Column<string>(type: "TEXT", nullable: true),
                    reason = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_claim_versions", x => x.row_id);
                });

            migrationBuilder.CreateTable(
                name: "claims",
                columns: table => new
                {
                    row_id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    situation_id = table.Column<string>(type: "TEXT", nullable: false),
                    claim_id = table.Column<string>(type: "TEXT", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    made = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    type = table.Column<string>(type: "TEXT", nullable: false),
                    standing = table.Column<string>(type: "TEXT", nullable: true),
                    stage = table.Column<string>(type: "TEXT", nullable: false),
                    author_id = table.Column<string>(type: "TEXT", nullable: true),
                    content = table.Column<string>(type: "TEXT", nullable: false),
                    recorded_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    recorded_by = table.Column<string>(type: "TEXT", nullable: false),
                    recorded_by_user = table.Column<string>(type: "TEXT", nullable: true),
                    reason = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_claims", x => x.row_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_claim_versions_situation_id_claim_id_version",
                table: "claim_versions",
                columns: new[] { "situation_id", "claim_id", "version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_claims_situation_id_claim_id",
                table: "claims",
                columns: new[] { "situation_id", "claim_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_claims_situation_id_stage_made",
                table: "claims",
                columns: new[] { "situation_id", "stage", "made" });

            // Every version of a claim is kept as written: the database itself refuses to change or delete one.
            migrationBuilder.Sql("CREATE TRIGGER claim_versions_no_update BEFORE UPDATE ON claim_versions BEGIN SELECT RAISE(ABORT, 'claim_versions is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER claim_versions_no_delete BEFORE DELETE ON claim_versions BEGIN SELECT RAISE(ABORT, 'claim_versions is append-only'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS claim_versions_no_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS claim_versions_no_delete;");

            migrationBuilder.DropTable(
                name: "claim_versions");

            migrationBuilder.DropTable(
                name: "claims");
        }
    }
}
