using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lifeline.Storage.Migrations.Sqlite
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
                    row_id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    salt = table.Column<byte[]>(type: "BLOB", nullable: false),
                    situation_id = table.Column<string>(type: "TEXT", nullable: false),
                    observation_id = table.Column<string>(type: "TEXT", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", nullable: false),
                    date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    date_precision = table.Column<string>(type: "TEXT", nullable: false),
                    end_date = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    commodity = table.Column<string>(type: "TEXT", nullable: true),
                    amount = table.Column<double>(type: "REAL", nullable: true),
                    low = table.Column<double>(type: "REAL", nullable: true),
                    high = table.Column<double>(type: "REAL", nullable: true),
                    unit = table.Column<string>(type: "TEXT", nullable: true),
                    qualifier = table.Column<string>(type: "TEXT", nullable: true),
                    location = table.Column<string>(type: "TEXT", nullable: true),
                    route = table.Column<string>(type: "TEXT", nullable: true),
                    carriers = table.Column<string>(type: "TEXT", nullable: false),
                    outcome = table.Column<string>(type: "TEXT", nullable: true),
                    per = table.Column<string>(type: "TEXT", nullable: true),
                    population_group = table.Column<string>(type: "TEXT", nullable: true),
                    market = table.Column<string>(type: "TEXT", nullable: true),
                    item = table.Column<string>(type: "TEXT", nullable: true),
                    currency = table.Column<string>(type: "TEXT", nullable: true),
                    factor = table.Column<double>(type: "REAL", nullable: true),
                    compared_with = table.Column<string>(type: "TEXT", nullable: true),
                    baseline = table.Column<bool>(type: "INTEGER", nullable: false),
                    utility = table.Column<string>(type: "TEXT", nullable: true),
                    hours_per_day = table.Column<double>(type: "REAL", nullable: true),
                    services_hit = table.Column<string>(type: "TEXT", nullable: false),
                    moved = table.Column<int>(type: "INTEGER", nullable: true),
                    cumulative = table.Column<int>(type: "INTEGER", nullable: true),
                    waiting = table.Column<int>(type: "INTEGER", nullable: true),
                    counted = table.Column<string>(type: "TEXT", nullable: true),
                    area = table.Column<string>(type: "TEXT", nullable: true),
                    extreme_food_gap_share = table.Column<double>(type: "REAL", nullable: true),
                    gam_under_five = table.Column<double>(type: "REAL", nullable: true),
                    crude_death_rate = table.Column<double>(type: "REAL", nullable: true),
                    under_five_death_rate = table.Column<double>(type: "REAL", nullable: true),
                    override_reason = table.Column<string>(type: "TEXT", nullable: true),
                    sources = table.Column<string>(type: "TEXT", nullable: false),
                    notes = table.Column<string>(type: "TEXT", nullable: true),
                    recorded_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    recorded_by = table.Column<string>(type: "TEXT", nullable: false),
                    recorded_by_user = table.Column<string>(type: "TEXT", nullable: true),
                    reason = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_supply_observation_versions", x => x.row_id);
                });

            migrationBuilder.CreateTable(
                name: "supply_observations",
                columns: table => new
                {
                    row_id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    situation_id = table.Column<string>(type: "TEXT", nullable: false),
                    observation_id = table.Column<string>(type: "TEXT", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", nullable: false),
                    date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    date_precision = table.Column<string>(type: "TEXT", nullable: false),
                    end_date = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    commodity = table.Column<string>(type: "TEXT", nullable: true),
                    amount = table.Column<double>(type: "REAL", nullable: true),
                    low = table.Column<double>(type: "REAL", nullable: true),
                    high = table.Column<double>(type: "REAL", nullable: true),
                    unit = table.Column<string>(type: "TEXT", nullable: true),
                    qualifier = table.Column<string>(type: "TEXT", nullable: true),
                    location = table.Column<string>(type: "TEXT", nullable: true),
                    route = table.Column<string>(type: "TEXT", nullable: true),
                    carriers = table.Column<string>(type: "TEXT", nullable: false),
                    outcome = table.Column<string>(type: "TEXT", nullable: true),
                    per = table.Column<string>(type: "TEXT", nullable: true),
                    population_group = table.Column<string>(type: "TEXT", nullable: true),
                    market = table.Column<string>(type: "TEXT", nullable: true),
                    item = table.Column<string>(type: "TEXT", nullable: true),
                    currency = table.Column<string>(type: "TEXT", nullable: true),
                    factor = table.Column<double>(type: "REAL", nullable: true),
                    compared_with = table.Column<string>(type: "TEXT", nullable: true),
                    baseline = table.Column<bool>(type: "INTEGER", nullable: false),
                    utility = table.Column<string>(type: "TEXT", nullable: true),
                    hours_per_day = table.Column<double>(type: "REAL", nullable: true),
                    services_hit = table.Column<string>(type: "TEXT", nullable: false),
                    moved = table.Column<int>(type: "INTEGER", nullable: true),
                    cumulative = table.Column<int>(type: "INTEGER", nullable: true),
                    waiting = table.Column<int>(type: "INTEGER", nullable: true),
                    counted = table.Column<string>(type: "TEXT", nullable: true),
                    area = table.Column<string>(type: "TEXT", nullable: true),
                    extreme_food_gap_share = table.Column<double>(type: "REAL", nullable: true),
                    gam_under_five = table.Column<double>(type: "REAL", nullable: true),
                    crude_death_rate = table.Column<double>(type: "REAL", nullable: true),
                    under_five_death_rate = table.Column<double>(type: "REAL", nullable: true),
                    override_reason = table.Column<string>(type: "TEXT", nullable: true),
                    sources = table.Column<string>(type: "TEXT", nullable: false),
                    notes = table.Column<string>(type: "TEXT", nullable: true),
                    recorded_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    recorded_by = table.Column<string>(type: "TEXT", nullable: false),
                    recorded_by_user = table.Column<string>(type: "TEXT", nullable: true),
                    reason = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_supply_observations", x => x.row_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_supply_observation_versions_situation_id_observation_id_version",
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
            migrationBuilder.Sql("CREATE TRIGGER supply_observation_versions_no_update BEFORE UPDATE ON supply_observation_versions BEGIN SELECT RAISE(ABORT, 'supply_observation_versions is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER supply_observation_versions_no_delete BEFORE DELETE ON supply_observation_versions BEGIN SELECT RAISE(ABORT, 'supply_observation_versions is append-only'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS supply_observation_versions_no_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS supply_observation_versions_no_delete;");

            migrationBuilder.DropTable(
                name: "supply_observation_versions");

            migrationBuilder.DropTable(
                name: "supply_observations");
        }
    }
}
