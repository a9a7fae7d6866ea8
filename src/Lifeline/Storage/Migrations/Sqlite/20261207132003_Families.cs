using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lifeline.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Families : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "family_keys",
                columns: table => new
                {
                    row_id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    situation_id = table.Column<string>(type: "TEXT", nullable: false),
                    key_id = table.Column<string>(type: "TEXT", nullable: false),
                    wrapped_key = table.Column<byte[]>(type: "BLOB", nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    erased_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    erased_by = table.Column<string>(type: "TEXT", nullable: true),
                    erasure_reason = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_family_keys", x => x.row_id);
                });

            migrationBuilder.CreateTable(
                name: "family_record_versions",
                columns: table => new
                {
                    row_id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    salt = table.Column<byte[]>(type: "BLOB", nullable: false),
                    situation_id = table.Column<string>(type: "TEXT", nullable: false),
                    record_id = table.Column<string>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    status = table.Column<string>(type: "TEXT", nullable: false),
                    key_id = table.Column<string>(type: "TEXT", nullable: false),
                    ciphertext = table.Column<byte[]>(type: "BLOB", nullable: false),
                    recorded_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    recorded_by = table.Column<string>(type: "TEXT", nullable: false),
                    recorded_by_user = table.Column<string>(type: "TEXT", nullable: true),
                    reason = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_family_record_versions", x => x.row_id);
                });

            migrationBuilder.CreateTable(
                name: "family_records",
                columns: table => new
                {
                    row_id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    situation_id = table.Column<string>(type: "TEXT", nullable: false),
                    record_id = table.Column<string>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    status = table.Column<string>(type: "TEXT", nullable: false),
                    key_id = table.Column<string>(type: "TEXT", nullable: false),
                    ciphertext = table.Column<byte[]>(type: "BLOB", nullable: false),
                    recorded_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    recorded_by = table.Column<string>(type: "TEXT", nullable: false),
                    recorded_by_user = table.Column<string>(type: "TEXT", nullable: true),
                    reason = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_family_records", x => x.row_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_family_keys_situation_id_key_id",
                table: "family_keys",
                columns: new[] { "situation_id", "key_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_family_record_versions_situation_id_key_id",
                table: "family_record_versions",
                columns: new[] { "situation_id", "key_id" });

            migrationBuilder.CreateIndex(
                name: "ix_family_record_versions_situation_id_record_id_version",
                table: "family_record_versions",
                columns: new[] { "situation_id", "record_id", "version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_family_records_situation_id_kind_status",
                table: "family_records",
                columns: new[] { "situation_id", "kind", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_family_records_situation_id_record_id",
                table: "family_records",
                columns: new[] { "situation_id", "record_id" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "family_keys");

            migrationBuilder.DropTable(
                name: "family_record_versions");

            migrationBuilder.DropTable(
                name: "family_records");
        }
    }
}
