using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lifeline.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class FamilyPhotos : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "file_sha256",
                table: "family_records",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "file_sha256",
                table: "family_record_versions",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "file_sha256",
                table: "family_records");

            migrationBuilder.DropColumn(
                name: "file_sha256",
                table: "family_record_versions");
        }
    }
}
