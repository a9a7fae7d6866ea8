using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lifeline.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class EvidenceStore : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "evidence_blobs",
                columns: table => new
                {
                    sha256 = table.Column<string>(type: "text", nullable: false),
                    size = table.Column<long>(type: "bigint", nullable: false),
                    chunk_size = table.Column<int>(type: "integer", nullable: false),
                    stored_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_evidence_blobs", x => x.sha256);
                });

            migrationBuilder.CreateTable(
                name: "evidence_chunks",
                columns: table => new
                {
                    sha256 = table.Column<string>(type: "text", nullable: false),
                    idx = table.Column<int>(type: "integer", nullable: false),
                    data = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_evidence_chunks", x => new { x.sha256, x.idx });
                });

            migrationBuilder.CreateTable(
                name: "evidence_store",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    changed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_evidence_store", x => x.id);
                });

            migrationBuilder.InsertData(
                table: "evidence_store",
                columns: new[] { "id", "changed_at", "kind" },
                values: new object[] { 1, new DateTime(2026, 12, 7, 0, 0, 0, 0, DateTimeKind.Utc), "postgres" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "evidence_blobs");

            migrationBuilder.DropTable(
                name: "evidence_chunks");

            migrationBuilder.DropTable(
                name: "evidence_store");
        }
    }
}
