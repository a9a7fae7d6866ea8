using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Lifeline.Storage.Migrations.Postgres
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
                    row_id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    salt = table.Column<byte[]>(type: "bytea", nullable: false),
                    situation_id = table.Column<string>(type: "text", nullable: false),
                    assessment_id = table.Column<string>(type: "text", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    indicator = table.Column<string>(type: "text", nullable: false),
                    factor = table.Column<int>(type: "integer", nullable: false),
                    as_of = table.Column<DateOnly>(type: "date", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    confidence = table.Column<string>(type: "text", nullable: false),
                    events = table.Column<List<string>>(type: "text[]", nullable: false),
                    sources = table.Column<List<string>>(type: "text[]", nullable: false),
                    evidence = table.Column<List<string>>(type: "text[]", nullable: false),
                    stanton_stages = table.Column<List<int>>(type: "integer[]", nullable: false),
                    note = table.Column<string>(type: "text", nullable: true),
                    recorded_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    recorded_by = table.Column<string>(type: "text", nullable: false),
                    recorded_by_user = table.Column<string>(type: "text", nullable: true),
                    reason = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_assessment_versions", x => x.row_id);
                });

            migrationBuilder.CreateTable(
                name: "assessments",
                columns: table => new
                {
                    row_id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    situation_id = table.Column<string>(type: "text", nullable: false),
                    assessment_id = table.Column<string>(type: "text", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    indicator = table.Column<string>(type: "text", nullable: false),
                    factor = table.Column<int>(type: "integer", nullable: false),
                    as_of = table.Column<DateOnly>(type: "date", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    confidence = table.Column<string>(type: "text", nullable: false),
                    events = table.Column<List<string>>(type: "text[]", nullable: false),
                    sources = table.Column<List<string>>(type: "text[]", nullable: false),
                    evidence = table.Column<List<string>>(type: "text[]", nullable: false),
                    stanton_stages = table.Column<List<int>>(type: "integer[]", nullable: false),
                    note = table.Column<string>(type: "text", nullable: true),
                    recorded_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    recorded_by = table.Column<string>(type: "text", nullable: false),
                    recorded_by_user = table.Column<string>(type: "text", nullable: true),
                    reason = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_assessments", x => x.row_id);
                });

            migrationBuilder.CreateTable(
                name: "webhook_deliveries",
                columns: table => new
                {
                    row_id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    subscription_id = table.Column<string>(type: "text", nullable: false),
                    situation_id = table.Column<string>(type: "text", nullable: false),
                    alert_id = table.Column<string>(type: "text", nullable: false),
                    attempt = table.Column<int>(type: "integer", nullable: false),
                    at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    status_code = table.Column<int>(type: "integer", nullable: true),
                    error = table.Column<string>(type: "text", nullable: true),
                    delivered = table.Column<bool>(type: "boolean", nullable: false),
                    next_attempt_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_webhook_deliveries", x => x.row_id);
                });

            migrationBuilder.CreateTable(
                name: "webhook_subscriptions",
                columns: table => new
                {
                    row_id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    subscription_id = table.Column<string>(type: "text", nullable: false),
                    situation_id = table.Column<string>(type: "text", nullable: true),
                    url = table.Column<string>(type: "text", nullable: false),
                    secret = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "text", nullable: false),
                    created_by_user = table.Column<string>(type: "text", nullable: true),
                    active = table.Column<bool>(type: "boolean", nullable: false),
                    send_from = table.Column<DateOnly>(type: "date", nullable: false)
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
                name: "ix_webhook_deliveries_subscription_id_situation_id_alert_id_at~",
                table: "webhook_deliveries",
                columns: new[] { "subscription_id", "situation_id", "alert_id", "attempt" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_webhook_subscriptions_subscription_id",
                table: "webhook_subscriptions",
                column: "subscription_id",
                unique: true);

            // Assessment versions are append-only, like the other version tables: the database itself refuses to change them.
            migrationBuilder.Sql("CREATE TRIGGER assessment_versions_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON assessment_versions FOR EACH STATEMENT EXECUTE FUNCTION lifeline_append_only();");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS assessment_versions_append_only ON assessment_versions;");

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
