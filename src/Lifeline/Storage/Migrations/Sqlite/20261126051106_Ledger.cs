using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lifeline.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Ledger : Migration
    {
        private static readonly string[] AppendOnly = ["ledger_leaves", "ledger_nodes", "ledger_checkpoints", "evidence", "evidence_custody"];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "salt",
                table: "source_versions",
                type: "BLOB",
                nullable: false,
                defaultValue: new byte[0]);

            migrationBuilder.AddColumn<byte[]>(
                name: "salt",
                table: "situations",
                type: "BLOB",
                nullable: false,
                defaultValue: new byte[0]);

            migrationBuilder.AddColumn<byte[]>(
                name: "salt",
                table: "reviews",
                type: "BLOB",
                nullable: false,
                defaultValue: new byte[0]);

            migrationBuilder.AddColumn<DateTime>(
                name: "recorded_at",
                table: "places",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<byte[]>(
                name: "salt",
                table: "places",
                type: "BLOB",
                nullable: false,
                defaultValue: new byte[0]);

            migrationBuilder.AddColumn<byte[]>(
                name: "salt",
                table: "event_versions",
                type: "BLOB",
                nullable: false,
                defaultValue: new byte[0]);

            migrationBuilder.AddColumn<DateTime>(
                name: "recorded_at",
                table: "actors",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<byte[]>(
                name: "salt",
                table: "actors",
                type: "BLOB",
                nullable: false,
                defaultValue: new byte[0]);

            migrationBuilder.CreateTable(
                name: "evidence",
                columns: table => new
                {
                    row_id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    situation_id = table.Column<string>(type: "TEXT", nullable: false),
                    evidence_id = table.Column<string>(type: "TEXT", nullable: false),
                    event_id = table.Column<string>(type: "TEXT", nullable: false),
                    sha256 = table.Column<string>(type: "TEXT", nullable: false),
                    size = table.Column<long>(type: "INTEGER", nullable: false),
                    media_type = table.Column<string>(type: "TEXT", nullable: false),
                    file_name = table.Column<string>(type: "TEXT", nullable: false),
                    captured_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    captured_where = table.Column<string>(type: "TEXT", nullable: true),
                    captured_by = table.Column<string>(type: "TEXT", nullable: true),
                    device = table.Column<string>(type: "TEXT", nullable: true),
                    description = table.Column<string>(type: "TEXT", nullable: true),
                    received_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    received_by = table.Column<string>(type: "TEXT", nullable: false),
                    received_by_user = table.Column<string>(type: "TEXT", nullable: true),
                    salt = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_evidence", x => x.row_id);
                });

            migrationBuilder.CreateTable(
                name: "evidence_custody",
                columns: table => new
                {
                    row_id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    situation_id = table.Column<string>(type: "TEXT", nullable: false),
                    evidence_id = table.Column<string>(type: "TEXT", nullable: false),
                    step = table.Column<int>(type: "INTEGER", nullable: false),
                    action = table.Column<string>(type: "TEXT", nullable: false),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    by = table.Column<string>(type: "TEXT", nullable: false),
                    by_user = table.Column<string>(type: "TEXT", nullable: true),
                    why = table.Column<string>(type: "TEXT", nullable: false),
                    to = table.Column<string>(type: "TEXT", nullable: true),
                    salt = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_evidence_custody", x => x.row_id);
                });

            migrationBuilder.CreateTable(
                name: "ledger_checkpoints",
                columns: table => new
                {
                    row_id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    size = table.Column<long>(type: "INTEGER", nullable: false),
                    root = table.Column<byte[]>(type: "BLOB", nullable: false),
                    signed_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    note = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ledger_checkpoints", x => x.row_id);
                });

            migrationBuilder.CreateTable(
                name: "ledger_leaves",
                columns: table => new
                {
                    idx = table.Column<long>(type: "INTEGER", nullable: false),
                    record_type = table.Column<string>(type: "TEXT", nullable: false),
                    record_id = table.Column<string>(type: "TEXT", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    data = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ledger_leaves", x => x.idx);
                });

            migrationBuilder.CreateTable(
                name: "ledger_nodes",
                columns: table => new
                {
                    level = table.Column<int>(type: "INTEGER", nullable: false),
                    idx = table.Column<long>(type: "INTEGER", nullable: false),
                    hash = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ledger_nodes", x => new { x.level, x.idx });
                });

            migrationBuilder.CreateTable(
                name: "ledger_state",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false),
                    size = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ledger_state", x => x.id);
                });

            migrationBuilder.InsertData(
                table: "ledger_state",
                columns: new[] { "id", "size" },
                values: new object[] { 1, 0L });

            migrationBuilder.CreateIndex(
                name: "ix_evidence_sha256",
                table: "evidence",
                column: "sha256");

            migrationBuilder.CreateIndex(
                name: "ix_evidence_situation_id_event_id",
                table: "evidence",
                columns: new[] { "situation_id", "event_id" });

            migrationBuilder.CreateIndex(
                name: "ix_evidence_situation_id_evidence_id",
                table: "evidence",
                columns: new[] { "situation_id", "evidence_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_evidence_custody_situation_id_evidence_id_step",
                table: "evidence_custody",
                columns: new[] { "situation_id", "evidence_id", "step" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_ledger_checkpoints_size",
                table: "ledger_checkpoints",
                column: "size");

            migrationBuilder.CreateIndex(
                name: "ix_ledger_leaves_record_type_record_id_version",
                table: "ledger_leaves",
                columns: new[] { "record_type", "record_id", "version" },
                unique: true);

            // The ledger and the evidence record are append-only, like the version tables: the database itself
            // refuses to change them (ledger_state, the size, is the one row appends move forward).
            foreach (var table in AppendOnly)
            {
                migrationBuilder.Sql($"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;");
                migrationBuilder.Sql($"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;");
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in AppendOnly)
            {
                migrationBuilder.Sql($"DROP TRIGGER IF EXISTS {table}_no_update;");
                migrationBuilder.Sql($"DROP TRIGGER IF EXISTS {table}_no_delete;");
            }

            migrationBuilder.DropTable(
                name: "evidence");

            migrationBuilder.DropTable(
                name: "evidence_custody");

            migrationBuilder.DropTable(
                name: "ledger_checkpoints");

            migrationBuilder.DropTable(
                name: "ledger_leaves");

            migrationBuilder.DropTable(
                name: "ledger_nodes");

            migrationBuilder.DropTable(
                name: "ledger_state");

            migrationBuilder.DropColumn(
                name: "salt",
                table: "source_versions");

            migrationBuilder.DropColumn(
                name: "salt",
                table: "situations");

            migrationBuilder.DropColumn(
                name: "salt",
                table: "reviews");

            migrationBuilder.DropColumn(
                name: "recorded_at",
                table: "places");

            migrationBuilder.DropColumn(
                name: "salt",
                table: "places");

            migrationBuilder.DropColumn(
                name: "salt",
                table: "event_versions");

            migrationBuilder.DropColumn(
                name: "recorded_at",
                table: "actors");

            migrationBuilder.DropColumn(
                name: "salt",
                table: "actors");
        }
    }
}
