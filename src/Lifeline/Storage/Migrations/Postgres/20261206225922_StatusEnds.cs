using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lifeline.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class StatusEnds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_events_situation_id_type_date_row_id_route_id_utility_stage",
                table: "events");

            migrationBuilder.AddColumn<double>(
                name: "duration_hours",
                table: "events",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "end_date",
                table: "events",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<TimeOnly>(
                name: "end_time",
                table: "events",
                type: "time without time zone",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "hours_per_day",
                table: "events",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "until_further_notice",
                table: "events",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<double>(
                name: "duration_hours",
                table: "event_versions",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "end_date",
                table: "event_versions",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<TimeOnly>(
                name: "end_time",
                table: "event_versions",
                type: "time without time zone",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "hours_per_day",
                table: "event_versions",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "until_further_notice",
                table: "event_versions",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "status_baselines",
                columns: table => new
                {
                    situation_id = table.Column<string>(type: "text", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    subject = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    sources = table.Column<List<string>>(type: "text[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_status_baselines", x => new { x.situation_id, x.kind, x.subject });
                    table.ForeignKey(
                        name: "fk_status_baselines_situations_situation_id",
                        column: x => x.situation_id,
                        principalTable: "situations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_events_status_changes",
                table: "events",
                columns: new[] { "situation_id", "type", "date", "row_id", "route_id", "utility", "stage", "time", "end_date", "end_time", "duration_hours", "until_further_notice", "hours_per_day", "event_id" });

            // The guard of events (RecordIntegrity) now also compares the columns added since it was made.
            foreach (var sql in CurrentTableGuards.PostgresEvents(CurrentTableGuards.EventColumnsWithEnds))
            {
                migrationBuilder.Sql(sql);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var sql in CurrentTableGuards.PostgresEvents(CurrentTableGuards.FirstEventColumns))
            {
                migrationBuilder.Sql(sql);
            }

            migrationBuilder.DropTable(
                name: "status_baselines");

            migrationBuilder.DropIndex(
                name: "ix_events_status_changes",
                table: "events");

            migrationBuilder.DropColumn(
                name: "duration_hours",
                table: "events");

            migrationBuilder.DropColumn(
                name: "end_date",
                table: "events");

            migrationBuilder.DropColumn(
                name: "end_time",
                table: "events");

            migrationBuilder.DropColumn(
                name: "hours_per_day",
                table: "events");

            migrationBuilder.DropColumn(
                name: "until_further_notice",
                table: "events");

            migrationBuilder.DropColumn(
                name: "duration_hours",
                table: "event_versions");

            migrationBuilder.DropColumn(
                name: "end_date",
                table: "event_versions");

            migrationBuilder.DropColumn(
                name: "end_time",
                table: "event_versions");

            migrationBuilder.DropColumn(
                name: "hours_per_day",
                table: "event_versions");

            migrationBuilder.DropColumn(
                name: "until_further_notice",
                table: "event_versions");

            migrationBuilder.CreateIndex(
                name: "ix_events_situation_id_type_date_row_id_route_id_utility_stage",
                table: "events",
                columns: new[] { "situation_id", "type", "date", "row_id", "route_id", "utility", "stage" });
        }
    }
}
