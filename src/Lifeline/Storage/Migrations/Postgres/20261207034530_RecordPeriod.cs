using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lifeline.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RecordPeriod : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "record_from",
                table: "situations",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "record_until",
                table: "situations",
                type: "date",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "situation_versions",
                columns: table => new
                {
                    situation_id = table.Column<string>(type: "text", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    record_from = table.Column<DateOnly>(type: "date", nullable: false),
                    record_until = table.Column<DateOnly>(type: "date", nullable: true),
                    recorded_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    recorded_by = table.Column<string>(type: "text", nullable: false),
                    reason = table.Column<string>(type: "text", nullable: false),
                    salt = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_situation_versions", x => new { x.situation_id, x.version });
                    table.ForeignKey(
                        name: "fk_situation_versions_situations_situation_id",
                        column: x => x.situation_id,
                        principalTable: "situations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "situation_versions");

            migrationBuilder.DropColumn(
                name: "record_from",
                table: "situations");

            migrationBuilder.DropColumn(
                name: "record_until",
                table: "situations");
        }
    }
}
