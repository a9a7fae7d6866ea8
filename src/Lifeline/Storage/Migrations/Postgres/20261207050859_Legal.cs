using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Lifeline.Storage.Migrations.Postgres
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
                    row_id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    salt = table.Column<byte[]>(type: "bytea", nullable: false),
                    situation_id = table.Column<string>(type: "text", nullable: false),
                    record_id = table.Column<string>(type: "text", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    parent = table.Column<string>(type: "text", nullable: true),
                    date = table.Column<DateOnly>(type: "date", nullable: true),
                    content = table.Column<string>(type: "text", nullable: false),
                    recorded_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    recorded_by = table.Column<string>(type: "text", nullable: false),
                    recorded_by_user = table.Column<string>(type: "text", nullable: true),
                    reason = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_legal_record_versions", x => x.row_id);
                });

            migrationBuilder.CreateTable(
                name: "legal_records",
                columns: table => new
                {
                    row_id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    situation_id = table.Column<string>(type: "text", nullable: false),
                    record_id = table.Column<string>(type: "text", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    parent = table.Column<string>(type: "text", nullable: true),
                    date = table.Column<DateOnly>(type: "date", nullable: true),
                    content = table.Column<string>(type: "text", nullable: false),
                    recorded_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    recorded_by = table.Column<string>(type: "text", nullable: false),
                    recorded_by_user = table.Column<string>(type: "text", nullable: true),
                    reason = table.Column<string>(type: "text", nullable: false)
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
            migrationBuilder.Sql("CREATE TRIGGER legal_record_versions_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON legal_record_versions FOR EACH STATEMENT EXECUTE FUNCTION lifeline_append_only();");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS legal_record_versions_append_only ON legal_record_versions;");

            migrationBuilder.DropTable(
                name: "legal_record_versions");

            migrationBuilder.DropTable(
                name: "legal_records");
        }
    }
}
