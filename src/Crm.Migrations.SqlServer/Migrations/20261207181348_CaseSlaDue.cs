using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class CaseSlaDue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "SlaDueAtUtc",
                table: "Service_Cases",
                type: "datetime2",
                nullable: true);

            // Every open case is due for one evaluation, so the SLA sweep fills the new deadline (and nothing else changes).
            migrationBuilder.Sql("UPDATE [Service_Cases] SET [SlaNextCheckAtUtc] = '2000-01-01T00:00:00' WHERE [IsOpen] = 1;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "SlaDueAtUtc",
                table: "Service_Cases");
        }
    }
}
