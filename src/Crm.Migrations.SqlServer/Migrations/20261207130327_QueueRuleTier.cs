using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class QueueRuleTier : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "MinimumTier",
                table: "Service_QueueRules",
                type: "nvarchar(10)",
                maxLength: 10,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "MinimumTier",
                table: "Service_QueueRules");
        }
    }
}
