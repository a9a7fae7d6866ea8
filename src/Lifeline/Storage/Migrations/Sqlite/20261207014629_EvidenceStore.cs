using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lifeline.Storage.Migrations.Sqlite
{
    /// <summary>
    /// Nothing changes on SQLite: evidence files stay in the evidence folder on one machine. The PostgreSQL migration of
    /// the same name adds the tables that keep evidence bytes in the database; this one keeps the engines' migrations in step.
    /// </summary>
    public partial class EvidenceStore : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
