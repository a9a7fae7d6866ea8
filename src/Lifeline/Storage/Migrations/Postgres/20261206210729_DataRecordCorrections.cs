using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lifeline.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DataRecordCorrections : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "published",
                table: "source_versions",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "retrieved",
                table: "source_versions",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "gap_before",
                table: "events",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "part_of",
                table: "events",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "gap_before",
                table: "event_versions",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "part_of",
                table: "event_versions",
                type: "text",
                nullable: true);

            // Source dates become part of each version (a corrected date is a new version); the versions recorded
            // before carry the dates their source row had, so their canonical form, and so the ledger, is unchanged.
            // The version tables refuse updates; this one-off backfill steps around that guard and puts it back.
            migrationBuilder.Sql("ALTER TABLE source_versions DISABLE TRIGGER source_versions_append_only;");
            migrationBuilder.Sql(
                "UPDATE source_versions SET " +
                "published = (SELECT s.published FROM sources s WHERE s.situation_id = source_versions.situation_id AND s.id = source_versions.source_id), " +
                "retrieved = (SELECT s.retrieved FROM sources s WHERE s.situation_id = source_versions.situation_id AND s.id = source_versions.source_id)");
            migrationBuilder.Sql("ALTER TABLE source_versions ENABLE TRIGGER source_versions_append_only;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "published",
                table: "source_versions");

            migrationBuilder.DropColumn(
                name: "retrieved",
                table: "source_versions");

            migrationBuilder.DropColumn(
                name: "gap_before",
                table: "events");

            migrationBuilder.DropColumn(
                name: "part_of",
                table: "events");

            migrationBuilder.DropColumn(
                name: "gap_before",
                table: "event_versions");

            migrationBuilder.DropColumn(
                name: "part_of",
                table: "event_versions");
        }
    }
}
