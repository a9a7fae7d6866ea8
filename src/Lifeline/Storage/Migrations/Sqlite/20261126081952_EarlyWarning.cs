using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lifeline.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class EarlyWarning : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "assessment_versions",
                columns: table => new
                {
                    row_id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    salt = table.Column<byte[]>(type: "BLOB", nullable: false),
                    situation_id = table.Column<string>(type: "TEXT", nullable: false),
                    assessment_id = table.Column<string>(type: "TEXT", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    indicator = table.Column<string>(type: "TEXT", nullable: false),
                    factor = table.Column<int>(type: "INTEGER", nullable: false),
                    as_of = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", nullable: false),
                    confidence = table.Column<string>(type: "TEXT", nullable: false),
                    events = table.Column<string>(type: "TEXT", nullable: false),
                    sources = table.Column<string>(type: "TEXT", nullable: false),
                    evidence = table.Column<string>(type: "TEXT", nullable: false),
                    stanton_stages = table.Column<string>(type: "TEXT", nullable: false),
                    note = table.Column<string>(type: "TEXT", nullable: true),
                    recorded_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    recorded_by = table.Column<string>(type: "TEXT", nullable: false),
                    recorded_by_user = table.Column<string>(type: "TEXT", nullable: true),
                    reason = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_assessment_versions", x => x.row_id);
                });

            migrationBuilder.CreateTable(
                name: "assessments",
                columns: table => new
                {
                    row_id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    situation_id = table.Column<string>(type: "TEXT", nullable: false),
                    assessment_id = table.Column<string>(type: "TEXT", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    indicator = table.Column<string>(type: "TEXT", nullable: false),
                    factor = table.Column<int>(type: "INTEGER", nullable: false),
                    as_of = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", nullable: false),
                    confidence = table.Column<string>(type: "TEXT", nullable: false),
                    events = table.Column<string>(type: "TEXT", nullable: false),
                    sources = table.Column<string>(type: "TEXT", nullable: false),
                    evidence = table.Column<string>(type: "TEXT", nullable: false),
                    stanton_stages = table.Column<string>(type: "TEXT", nullable: false),
                    note = table.Column<string>(type: "TEXT", nullable: true),
                    recorded_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    recorded_by = table.Column<string>(type: "TEXT", nullable: false),
                    recorded_by_user = table.Column<string>(type: "TEXT", nullable: true),
                    reason = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_assessments", x => x.row_id);
                });

            migrationBuilder.CreateTable(
                name: "webhook_deliveries",
                columns: table => new
                {
                    row_id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    subscription_id = table.Column<string>(type: "TEXT", nullable: false),
                    situation_id = table.Column<string>(type: "TEXT", nullable: false),
                    alert_id = table.Column<string>(type: "TEXT", nullable: false),
                    attempt = table.Column<int>(type: "INTEGER", nullable: false),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    status_code = table.Column<int>(type: "INTEGER", nullable: true),
                    error = table.Column<string>(type: "TEXT", nullable: true),
                    delivered = table.Column<bool>(type: "INTEGER", nullable: false),
                    next_attempt_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_webhook_deliveries", x => x.row_id);
                });

            migrationBuilder.CreateTable(
                name: "webhook_subscriptions",
                columns: table => new
                {
                    row_id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    subscription_id = table.Column<string>(type: "TEXT", nullable: false),
                    situation_id = table.Column<string>(type: "TEXT", nullable: true),
                    url = table.Column<string>(type: "TEXT", nullable: false),
                    secret = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    created_by = table.Column<string>(type: "TEXT", nullable: false),
                    created_by_user = table.Column<string>(type: "TEXT", nullable: true),
                    active = table.Column<bool>(type: "INTEGER", nullable: false),
                    send_from = table.Column<DateOnly>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_webhook_subscriptions", x => x.row_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_assessment_versions_situation_id_assessment_id_version",
                table: "assessment_versions",
                columns: new[] { "situation_id", "assessment_id", "version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_assessments_situation_id_as_of",
                table: "assessments",
                columns: new[] { "situation_id", "as_of" });

            migrationBuilder.CreateIndex(
                name: "ix_assessments_situation_id_assessment_id",
                table: "assessments",
                columns: new[] { "situation_id", "assessment_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_assessments_situation_id_indicator_as_of",
                table: "assessments",
                columns: new[] { "situation_id", "indicator", "as_of" });

            migrationBuilder.CreateIndex(
                name: "ix_webhook_deliveries_delivered_next_attempt_at",
                table: "webhook_deliveries",
                columns: new[] { "delivered", "next_attempt_at" });

            migrationBuilder.CreateIndex(
                name: "ix_webhook_deliveries_subscription_id_situation_id_alert_id_attempt",
                table: "webhook_deliveries",
                columns: new[] { "subscription_id", "situation_id", "alert_id", "attempt" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_webhook_subscriptions_subscription_id",
                table: "webhook_subscriptions",
                column: "subscription_id",
                unique: true);

            // Assessment versions are append-only, like the other version tables: the database itself refuses to change them.
            migrationBuilder.Sql("CREATE TRIGGER assessment_versions_no_update BEFORE UPDATE ON assessment_versions BEGIN SELECT RAISE(ABORT, 'assessment_versions is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER assessment_versions_no_delete BEFORE DELETE ON assessment_versions BEGIN SELECT RAISE(ABORT, 'assessment_versions is append-only'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS assessment_versions_no_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS assessment_versions_no_delete;");

            migrationBuilder.DropTable(
                name: "assessment_versions");

            migrationBuilder.DropTable(
                name: "assessments");

            migrationBuilder.DropTable(
                name: "webhook_deliveries");

            migrationBuilder.DropTable(
                name: "webhook_subscriptions");
        }
    }
}
