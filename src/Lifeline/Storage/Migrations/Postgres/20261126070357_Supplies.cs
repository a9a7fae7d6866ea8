using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Lifeline.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Supplies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "supply_observation_versions",
                columns: table => new
                {
                    row_id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    salt = table.Column<byte[]>(type: "bytea", nullable: false),
                    situation_id = table.Column<string>(type: "text", nullable: false),
                    observation_id = table.Column<string>(type: "text", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    date_precision = table.Column<string>(type: "text", nullable: false),
                    end_date = table.Column<DateOnly>(type: "date", nullable: true),
                    commodity = table.Column<string>(type: "text", nullable: true),
                    amount = table.Column<double>(type: "double precision", nullable: true),
                    low = table.Column<double>(type: "double precision", nullable: true),
                    high = table.Column<double>(type: "double precision", nullable: true),
                    unit = table.Column<string>(type: "text", nullable: true),
                    qualifier = table.Column<string>(type: "text", nullable: true),
                    location = table.Column<string>(type: "text", nullable: true),
                    route = table.Column<string>(type: "text", nullable: true),
                    carriers = table.Column<List<string>>(type: "text[]", nullable: false),
                    outcome = table.Column<string>(type: "text", nullable: true),
                    per = table.Column<string>(type: "text", nullable: true),
                    population_group = table.Column<string>(type: "text", nullable: true),
                    market = table.Column<string>(type: "text", nullable: true),
                    item = table.Column<string>(type: "text", nullable: true),
                    currency = table.Column<string>(type: "text", nullable: true),
                    factor = table.Column<double>(type: "double precision", nullable: true),
                    compared_with = table.Column<string>(type: "text", nullable: true),
                    baseline = table.Column<bool>(type: "boolean", nullable: false),
                    utility = table.Column<string>(type: "text", nullable: true),
                    hours_per_day = table.Column<double>(type: "double precision", nullable: true),
                    services_hit = table.Column<List<string>>(type: "text[]", nullable: false),
                    moved = table.Column<int>(type: "integer", nullable: true),
                    cumulative = table.Column<int>(type: "integer", nullable: true),
                    waiting = table.Column<int>(type: "integer", nullable: true),
                    counted = table.Column<string>(type: "text", nullable: true),
                    area = table.Column<string>(type: "text", nullable: true),
                    extreme_food_gap_share = table.Column<double>(type: "double precision", nullable: true),
                    gam_under_five = table.Column<double>(type: "double precision", nullable: true),
                    crude_death_rate = table.Column<double>(type: "double precision", nullable: true),
                    under_five_death_rate = table.Column<double>(type: "double precision", nullable: true),
                    override_reason = table.Column<string>(type: "text", nullable: true),
                    sources = table.Column<List<string>>(type: "text[]", nullable: false),
                    notes = table.Column<string>(type: "text", nullable: true),
                    recorded_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    recorded_by = table.Column<string>(type: "text", nullable: false),
                    recorded_by_user = table.Column<string>(type: "text", nullable: true),
                    reason = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_supply_observation_versions", x => x.row_id);
                });

            migrationBuilder.CreateTable(
                name: "supply_observations",
                columns: table => new
                {
                    row_id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    situation_id = table.Column<string>(type: "text", nullable: false),
                    observation_id = table.Column<string>(type: "text", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    date_precision = table.Column<string>(type: "text", nullable: false),
                    end_date = table.Column<DateOnly>(type: "date", nullable: true),
                    commodity = table.Column<string>(type: "text", nullable: true),
                    amount = table.Column<double>(type: "double precision", nullable: true),
                    low = table.Column<double>(type: "double precision", nullable: true),
                    high = table.Column<double>(type: "double precision", nullable: true),
                    unit = table.Column<string>(type: "text", nullable: true),
                    qualifier = table.Column<string>(type: "text", nullable: true),
                    location = table.Column<string>(type: "text", nullable: true),
                    route = table.Column<string>(type: "text", nullable: true),
                    carriers = table.Column<List<string>>(type: "text[]", nullable: false),
                    outcome = table.Column<string>(type: "text", nullable: true),
                    per = table.Column<string>(type: "text", nullable: true),
                    population_group = table.Column<string>(type: "text", nullable: true),
                    market = table.Column<string>(type: "text", nullable: true),
                    item = table.Column<string>(type: "text", nullable: true),
                    currency = table.Column<string>(type: "text", nullable: true),
                    factor = table.Column<double>(type: "double precision", nullable: true),
                    compared_with = table.Column<string>(type: "text", nullable: true),
                    baseline = table.Column<bool>(type: "boolean", nullable: false),
                    utility = table.Column<string>(type: "text", nullable: true),
                    hours_per_day = table.Column<double>(type: "double precision", nullable: true),
                    services_hit = table.Column<List<string>>(type: "text[]", nullable: false),
                    moved = table.Column<int>(type: "integer", nullable: true),
                    cumulative = table.Column<int>(type: "integer", nullable: true),
                    waiting = table.Column<int>(type: "integer", nullable: true),
                    counted = table.Column<string>(type: "text", nullable: true),
                    area = table.Column<string>(type: "text", nullable: true),
                    extreme_food_gap_share = table.Column<double>(type: "double precision", nullable: true),
                    gam_under_five = table.Column<double>(type: "double precision", nullable: true),
                    crude_death_rate = table.Column<double>(type: "double precision", nullable: true),
                    under_five_death_rate = table.Column<double>(type: "double precision", nullable: true),
                    override_reason = table.Column<string>(type: "text", nullable: true),
                    sources = table.Column<List<string>>(type: "text[]", nullable: false),
                    notes = table.Column<string>(type: "text", nullable: true),
                    recorded_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    recorded_by = table.Column<string>(type: "text", nullable: false),
                    recorded_by_user = table.Column<string>(type: "text", nullable: true),
                    reason = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_supply_observations", x => x.row_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_supply_observation_versions_situation_id_observation_id_ver~",
                table: "supply_observation_versions",
                columns: new[] { "situation_id", "observation_id", "version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_supply_observations_situation_id_kind_date",
                table: "supply_observations",
                columns: new[] { "situation_id", "kind", "date" });

            migrationBuilder.CreateIndex(
                name: "ix_supply_observations_situation_id_observation_id",
                table: "supply_observations",
                columns: new[] { "situation_id", "observation_id" },
                unique: true);

            // Every version of an observation is kept as written: the database itself refuses to change or delete one.
            migrationBuilder.Sql("CREATE TRIGGER supply_observation_versions_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON supply_observation_versions FOR EACH STATEMENT EXECUTE FUNCTION lifeline_append_only();");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS supply_observation_versions_append_only ON supply_observation_versions;");

            migrationBuilder.DropTable(
                name: "supply_observation_versions");

            migrationBuilder.DropTable(
                name: "supply_observations");
        }
    }
}
