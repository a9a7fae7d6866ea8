using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Lifeline.Storage.Migrations.Postgres
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
                    row_id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    salt = table.Column<byte[]>(type: "bytea", nullable: false),
                    situation_id = table.Column<string>(type: "text", nullable: false),
                    claim_id = table.Column<string>(type: "text", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    made = table.Column<DateOnly>(type: "date", nullable: false),
                    type = table.Column<string>(type: "text", nullable: false),
                    standing = table.Column<string>(type: "text", nullable: true),
                    stage = table.Column<string>(type: "text", nullable: false),
                    author_id = table.Column<string>(type: "text", nullable: true),
                    content = table.Column<string>(type: "text", nullable: false),
                    recorded_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    recorded_by = table.Column<string>(type: "text", nullable: false),
                    recorded_by_user = table.Column<string>(type: "text", nullable: true),
                    reason = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_claim_versions", x => x.row_id);
                });

            migrationBuilder.CreateTable(
                name: "claims",
                columns: table => new
                {
                    row_id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    situation_id = table.Column<string>(type: "text", nullable: false),
                    claim_id = table.Column<string>(type: "text", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    made = table.Column<DateOnly>(type: "date", nullable: false),
                    type = table.Column<string>(type: "text", nullable: false),
                    standing = table.Column<string>(type: "text", nullable: true),
                    stage = table.Column<string>(type: "text", nullable: false),
                    author_id = table.Column<string>(type: "text", nullable: true),
                    content = table.Column<string>(type: "text", nullable: false),
                    recorded_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    recorded_by = table.Column<string>(type: "text", nullable: false),
                    recorded_by_user = table.Column<string>(type: "text", nullable: true),
                    reason = table.Column<string>(type: "text", nullable: false)
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
            migrationBuilder.Sql("CREATE TRIGGER claim_versions_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON claim_versions FOR EACH STATEMENT EXECUTE FUNCTION lifeline_append_only();");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS claim_versions_append_only ON claim_versions;");

            migrationBuilder.DropTable(
                name: "claim_versions");

            migrationBuilder.DropTable(
                name: "claims");
        }
    }
}
