using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;
using NpgsqlTypes;

#nullable disable

namespace Lifeline.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "actors",
                columns: table => new
                {
                    situation_id = table.Column<string>(type: "text", nullable: false),
                    id = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    affiliations = table.Column<List<string>>(type: "text[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_actors", x => new { x.situation_id, x.id });
                });

            migrationBuilder.CreateTable(
                name: "event_versions",
                columns: table => new
                {
                    row_id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    situation_id = table.Column<string>(type: "text", nullable: false),
                    event_id = table.Column<string>(type: "text", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    time = table.Column<TimeOnly>(type: "time without time zone", nullable: true),
                    time_precision = table.Column<int>(type: "integer", nullable: false),
                    place_id = table.Column<string>(type: "text", nullable: false),
                    geo_precision = table.Column<int>(type: "integer", nullable: false),
                    type = table.Column<string>(type: "text", nullable: false),
                    utility = table.Column<string>(type: "text", nullable: true),
                    route_id = table.Column<string>(type: "text", nullable: true),
                    actor1 = table.Column<string>(type: "text", nullable: true),
                    actor2 = table.Column<string>(type: "text", nullable: true),
                    fatalities = table.Column<int>(type: "integer", nullable: true),
                    notes = table.Column<string>(type: "text", nullable: false),
                    sources = table.Column<List<string>>(type: "text[]", nullable: false),
                    recorded_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    recorded_by = table.Column<string>(type: "text", nullable: false),
                    reason = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_event_versions", x => x.row_id);
                });

            migrationBuilder.CreateTable(
                name: "events",
                columns: table => new
                {
                    row_id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    search_vector = table.Column<NpgsqlTsVector>(type: "tsvector", nullable: true, computedColumnSql: "to_tsvector('simple', notes)", stored: true),
                    situation_id = table.Column<string>(type: "text", nullable: false),
                    event_id = table.Column<string>(type: "text", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    time = table.Column<TimeOnly>(type: "time without time zone", nullable: true),
                    time_precision = table.Column<int>(type: "integer", nullable: false),
                    place_id = table.Column<string>(type: "text", nullable: false),
                    geo_precision = table.Column<int>(type: "integer", nullable: false),
                    type = table.Column<string>(type: "text", nullable: false),
                    utility = table.Column<string>(type: "text", nullable: true),
                    route_id = table.Column<string>(type: "text", nullable: true),
                    actor1 = table.Column<string>(type: "text", nullable: true),
                    actor2 = table.Column<string>(type: "text", nullable: true),
                    fatalities = table.Column<int>(type: "integer", nullable: true),
                    notes = table.Column<string>(type: "text", nullable: false),
                    sources = table.Column<List<string>>(type: "text[]", nullable: false),
                    recorded_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    recorded_by = table.Column<string>(type: "text", nullable: false),
                    reason = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_events", x => x.row_id);
                });

            migrationBuilder.CreateTable(
                name: "places",
                columns: table => new
                {
                    situation_id = table.Column<string>(type: "text", nullable: false),
                    id = table.Column<string>(type: "text", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    name_en = table.Column<string>(type: "text", nullable: false),
                    name_hy = table.Column<string>(type: "text", nullable: true),
                    name_ru = table.Column<string>(type: "text", nullable: true),
                    name_az = table.Column<string>(type: "text", nullable: true),
                    latitude = table.Column<double>(type: "double precision", nullable: true),
                    longitude = table.Column<double>(type: "double precision", nullable: true),
                    coordinates_source = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_places", x => new { x.situation_id, x.id });
                });

            migrationBuilder.CreateTable(
                name: "reviews",
                columns: table => new
                {
                    row_id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    situation_id = table.Column<string>(type: "text", nullable: false),
                    event_id = table.Column<string>(type: "text", nullable: false),
                    verdict = table.Column<string>(type: "text", nullable: false),
                    note = table.Column<string>(type: "text", nullable: false),
                    at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    by = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reviews", x => x.row_id);
                });

            migrationBuilder.CreateTable(
                name: "situations",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    region = table.Column<string>(type: "text", nullable: false),
                    start_date = table.Column<DateOnly>(type: "date", nullable: false),
                    end_date = table.Column<DateOnly>(type: "date", nullable: true),
                    recorded_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_situations", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "sources",
                columns: table => new
                {
                    situation_id = table.Column<string>(type: "text", nullable: false),
                    id = table.Column<string>(type: "text", nullable: false),
                    publisher = table.Column<string>(type: "text", nullable: false),
                    url = table.Column<string>(type: "text", nullable: false),
                    title = table.Column<string>(type: "text", nullable: true),
                    published = table.Column<DateOnly>(type: "date", nullable: true),
                    retrieved = table.Column<DateOnly>(type: "date", nullable: true),
                    reliability = table.Column<string>(type: "character varying(1)", maxLength: 1, nullable: false),
                    credibility = table.Column<int>(type: "integer", nullable: false),
                    protect_identity = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sources", x => new { x.situation_id, x.id });
                });

            migrationBuilder.CreateTable(
                name: "routes",
                columns: table => new
                {
                    situation_id = table.Column<string>(type: "text", nullable: false),
                    id = table.Column<string>(type: "text", nullable: false),
                    ordinal = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    via = table.Column<List<string>>(type: "text[]", nullable: false),
                    sources = table.Column<List<string>>(type: "text[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_routes", x => new { x.situation_id, x.id });
                    table.ForeignKey(
                        name: "fk_routes_situations_situation_id",
                        column: x => x.situation_id,
                        principalTable: "situations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "situation_figures",
                columns: table => new
                {
                    situation_id = table.Column<string>(type: "text", nullable: false),
                    figure = table.Column<string>(type: "text", nullable: false),
                    value = table.Column<long>(type: "bigint", nullable: false),
                    qualifier = table.Column<string>(type: "text", nullable: true),
                    sources = table.Column<List<string>>(type: "text[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_situation_figures", x => new { x.situation_id, x.figure });
                    table.ForeignKey(
                        name: "fk_situation_figures_situations_situation_id",
                        column: x => x.situation_id,
                        principalTable: "situations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_event_versions_situation_id_event_id_version",
                table: "event_versions",
                columns: new[] { "situation_id", "event_id", "version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_events_search_vector",
                table: "events",
                column: "search_vector")
                .Annotation("Npgsql:IndexMethod", "GIN");

            migrationBuilder.CreateIndex(
                name: "ix_events_situation_id_actor1",
                table: "events",
                columns: new[] { "situation_id", "actor1" });

            migrationBuilder.CreateIndex(
                name: "ix_events_situation_id_actor2",
                table: "events",
                columns: new[] { "situation_id", "actor2" });

            migrationBuilder.CreateIndex(
                name: "ix_events_situation_id_date_row_id",
                table: "events",
                columns: new[] { "situation_id", "date", "row_id" });

            migrationBuilder.CreateIndex(
                name: "ix_events_situation_id_event_id",
                table: "events",
                columns: new[] { "situation_id", "event_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_events_situation_id_place_id",
                table: "events",
                columns: new[] { "situation_id", "place_id" });

            migrationBuilder.CreateIndex(
                name: "ix_events_situation_id_type_date",
                table: "events",
                columns: new[] { "situation_id", "type", "date" });

            migrationBuilder.CreateIndex(
                name: "ix_reviews_situation_id_event_id",
                table: "reviews",
                columns: new[] { "situation_id", "event_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "actors");

            migrationBuilder.DropTable(
                name: "event_versions");

            migrationBuilder.DropTable(
                name: "events");

            migrationBuilder.DropTable(
                name: "places");

            migrationBuilder.DropTable(
                name: "reviews");

            migrationBuilder.DropTable(
                name: "routes");

            migrationBuilder.DropTable(
                name: "situation_figures");

            migrationBuilder.DropTable(
                name: "sources");

            migrationBuilder.DropTable(
                name: "situations");
        }
    }
}
