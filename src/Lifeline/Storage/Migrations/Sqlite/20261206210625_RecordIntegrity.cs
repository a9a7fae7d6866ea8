using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lifeline.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RecordIntegrity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Each current table may change only to its record's newest committed version (CurrentTableGuards).
            foreach (var sql in CurrentTableGuards.SqliteUp())
            {
                migrationBuilder.Sql(sql);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var sql in CurrentTableGuards.SqliteDown())
            {
                migrationBuilder.Sql(sql);
            }
        }
    }
}
