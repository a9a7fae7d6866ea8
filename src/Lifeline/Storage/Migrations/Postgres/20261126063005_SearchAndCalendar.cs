using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lifeline.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SearchAndCalendar : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_events_situation_id_type_date",
                table: "events");

            migrationBuilder.CreateIndex(
                name: "ix_events_situation_id_type_date_row_id_route_id_utility_stage",
                table: "events",
                columns: new[] { "situation_id", "type", "date", "row_id", "route_id", "utility", "stage" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_events_situation_id_type_date_row_id_route_id_utility_stage",
                table: "events");

            migrationBuilder.CreateIndex(
                name: "ix_events_situation_id_type_date",
                table: "events",
                columns: new[] { "situation_id", "type", "date" });
        }
    }
}
