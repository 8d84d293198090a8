using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class IdempotencyETag : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ETag",
                table: "Kernel_IdempotencyRecords",
                type: "TEXT",
                maxLength: 100,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ETag",
                table: "Kernel_IdempotencyRecords");
        }
    }
}
