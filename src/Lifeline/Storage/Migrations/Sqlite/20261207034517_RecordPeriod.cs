using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lifeline.Storage.Migrations.Sqlite
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
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "record_until",
                table: "situations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "situation_versions",
                columns: table => new
                {
                    situation_id = table.Column<string>(type: "TEXT", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    record_from = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    record_until = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    recorded_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    recorded_by = table.Column<string>(type: "TEXT", nullable: false),
                    reason = table.Column<string>(type: "TEXT", nullable: false),
                    salt = table.Column<byte[]>(type: "BLOB", nullable: false)
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
