using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lifeline.Storage.Migrations.Sqlite
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
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "file_sha256",
                table: "family_record_versions",
                type: "TEXT",
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
